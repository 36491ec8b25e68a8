using CommandCenter.Notifications;
using CommandCenter.Retention;
using CommandCenter.Notifications.Channels;
using CommandCenter.Notifications.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CommandCenter.Tests.Notifications;

/// <summary>The outbox, its four channels, the sender (with its meter) and the retention as the host wires them, on a SQLite file in a folder, on the given time.</summary>
public static class OutboxServices
{
    public static async Task<ServiceProvider> StartAsync(string folder, TimeProvider time, NotificationOptions options)
    {
        var services = new ServiceCollection()
            .AddSingleton(time)
            .AddSingleton(Options.Create(options))
            .AddLogging()
            .AddMetrics()
            .AddSingleton<NotificationMetrics>()
            .AddLocalization()
            .AddDbContext<NotificationStore, SqliteNotificationStore>(o => o.UseSqlite($"Data Source={Path.Combine(folder, "commandcenter.db")}"))
            .AddSingleton<NotificationChannel, WeComChannel>()
            .AddSingleton<NotificationChannel, DingTalkChannel>()
            .AddSingleton<NotificationChannel, SmsChannel>()
            .AddSingleton<NotificationChannel, WebhookChannel>()
            .AddSingleton<NotificationOutbox>()
            .AddSingleton<NotificationSender>()
            .AddSingleton<NotificationOutboxSweep>();
        services.AddHttpClient(NotificationSender.HttpClientName);
        var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<NotificationStore>().Database.MigrateAsync(TestContext.Current.CancellationToken);
        return provider;
    }
}
