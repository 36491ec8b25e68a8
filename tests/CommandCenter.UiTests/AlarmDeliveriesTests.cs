using CommandCenter.Components.Desk;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CommandCenter.UiTests;

/// <summary>The desk's view of who an alarm reached outside the consoles, read from a real outbox store.</summary>
public sealed class AlarmDeliveriesTests : BunitContext
{
    private const string AlarmId = "EL-0001/11/20261206100000";
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-deliveries-").FullName;

    public AlarmDeliveriesTests()
    {
        Services.AddLocalization();
        Services.AddSingleton<TimeProvider>(new FakeTimeProvider(WallData.Start));
        Services.AddSingleton(Options.Create(new NotificationOptions()));
        Services.AddDbContext<NotificationStore, SqliteNotificationStore>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "commandcenter.db")}"));
        Services.AddSingleton<NotificationOutbox>();
    }

    [Fact]
    public async Task AlarmDeliveries_ASentRobotMessageAndAFailingSms_ShowsEachWithItsRecipientAndResult()
    {
        await StoreAsync(
            Delivery("wecom", null, "维保群", "", DeliveryStatus.Sent, 1, "HTTP 200 ok"),
            Delivery("sms", "SafetyOfficer", "李安", "13800000012", DeliveryStatus.Failed, 5, "HTTP 500 down"));
        using var chinese = new UiCulture("zh-CN");

        var panel = Render<AlarmDeliveries>(p => p.Add(d => d.AlarmId, AlarmId).Add(d => d.Zone, TimeZoneInfo.Utc));

        var rows = panel.FindAll("[data-testid='delivery']");
        rows.Select(r => r.GetAttribute("data-channel")).ShouldBe(["wecom", "sms"]);
        rows[0].TextContent.ShouldContain("企业微信机器人");
        rows[0].TextContent.ShouldContain("已发送");
        rows[1].TextContent.ShouldContain("安全员 李安 13800000012", Case.Sensitive, "operators act on these people: the phone whole");
        rows[1].TextContent.ShouldContain("发送失败");
        rows[1].TextContent.ShouldContain("HTTP 500 down");
    }

    [Fact]
    public async Task AlarmDeliveries_NothingSent_SaysSo()
    {
        await StoreAsync();
        using var english = new UiCulture("en");

        var panel = Render<AlarmDeliveries>(p => p.Add(d => d.AlarmId, AlarmId).Add(d => d.Zone, TimeZoneInfo.Utc));

        panel.Find("[data-testid='no-deliveries']").TextContent.ShouldContain("deleted 90 days after their last attempt", Case.Sensitive, "an alarm older than the retention shows none");
        panel.FindAll("[data-testid='delivery']").ShouldBeEmpty();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task StoreAsync(params OutboxDelivery[] deliveries)
    {
        await using var scope = Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<NotificationStore>();
        await store.Database.MigrateAsync();
        store.Deliveries.AddRange(deliveries);
        await store.SaveChangesAsync();
    }

    private static OutboxDelivery Delivery(string channel, string? role, string name, string phone, DeliveryStatus status, int attempts, string result) => new()
    {
        Key = $"{AlarmId}/{channel}/{name}",
        Subject = NotificationOutbox.AlarmSubject(AlarmId),
        Step = "FirstContacts",
        Channel = channel,
        RecipientRole = role,
        RecipientName = name,
        RecipientPhone = phone,
        Payload = "{}",
        CreatedAt = WallData.Start.UtcDateTime,
        LastAttemptAt = WallData.Start.UtcDateTime,
        Status = status,
        Attempts = attempts,
        Result = result,
    };
}
