using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications.Channels;
using CommandCenter.Notifications.Store;
using CommandCenter.Relational;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications;

public static class NotificationExtensions
{
    /// <summary>
    /// People reached outside the consoles: the outbox store, the grains' <see cref="IAlarmNotificationOutbox"/>,
    /// the channels (each off until configured, options validated at start) and the sender on every silo. Its retention
    /// (<see cref="NotificationOptions.KeepDays"/>) is kept by the retention sweeper.
    /// </summary>
    public static WebApplicationBuilder AddNotifications(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddNotificationStore(builder.Configuration);
        services.AddSingleton<NotificationChannel, WeComChannel>();
        services.AddSingleton<NotificationChannel, DingTalkChannel>();
        services.AddSingleton<NotificationChannel, SmsChannel>();
        services.AddSingleton<NotificationChannel, WebhookChannel>();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<IAlarmNotificationOutbox>(provider => provider.GetRequiredService<NotificationOutbox>());
        services.AddHttpClient(NotificationSender.HttpClientName);
        // Hosted after the store's migrator (registered with the first store), so the table exists before the first pass.
        services.AddSingleton<NotificationMetrics>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(provider => provider.GetRequiredService<NotificationSender>());
        return builder;
    }

    /// <summary>The outbox store alone, for the <c>migrate</c> command.</summary>
    public static IServiceCollection AddNotificationStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRelationalStore<NotificationStore, SqliteNotificationStore, PostgresNotificationStore>(configuration, NotificationStore.Name);
}
