using System.Collections.Concurrent;
using System.Text.Json;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications;
using CommandCenter.Notifications.Channels;
using CommandCenter.Notifications.Store;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Notifications;

/// <summary>
/// The outbox and its channels against real HTTP receivers on loopback, each checking the request shape the
/// channel's documentation gives; the outbox on a SQLite file, time fake, so retries are deterministic.
/// </summary>
public sealed class NotificationChannelTests : IAsyncLifetime
{
    private const string DingTalkSecret = "SEC0123456789abcdef";
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly AlarmNotice Notice = new(
        "EL-0001/11/20261125080000", "EL-0001", "银川市兴庆区解放东街1号1号楼1单元", FaultCodes.TrappedPassenger, "trapped passenger", AlarmSource.Phone, "640104",
        AlarmNotificationStep.FirstContacts,
        [new NotifiedPerson(NotifiedRole.FirmOnCall, "王师傅", "13800000011"), new NotifiedPerson(NotifiedRole.SafetyOfficer, "李安", "")],
        Start);

    private readonly string _folder = Directory.CreateTempSubdirectory("notifications-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private NotificationReceiver _receiver = default!;
    private ServiceProvider _services = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Send_TrappedPassenger_PostsWeComDingTalkSmsAndWebhookInTheirDocumentedShapes()
    {
        var (outbox, sender) = await StartAsync();

        await outbox.EnqueueAsync(Notice, Cancel);
        (await sender.SendDueAsync(Cancel)).ShouldBe(5, "one message per robot, one SMS (the officer has no phone), one webhook per person");

        var text = "【电梯困人】银川市兴庆区解放东街1号1号楼1单元（电梯 EL-0001）：困人，故障代码 11，96333 电话报警。告警 EL-0001/11/20261125080000。通知：维保值班 王师傅；安全员 李安。";
        var wecom = _receiver.Single("/wecom");
        wecom.Query.ShouldBe("?key=test-key");
        wecom.ContentType.ShouldStartWith("application/json");
        JsonSerializer.Serialize(wecom.Json, Web).ShouldBe(JsonSerializer.Serialize(new { msgtype = "text", text = new { content = text, mentioned_mobile_list = new[] { "13800000011" } } }, Web));

        var dingtalk = _receiver.Single("/dingtalk");
        var timestamp = Start.ToUnixTimeMilliseconds();
        dingtalk.Query.ShouldBe($"?access_token=test-token&timestamp={timestamp}&sign={DingTalkChannel.Sign(timestamp, DingTalkSecret)}");
        // The signature as DingTalk's documentation computes it: HmacSHA256 over "timestamp\nsecret", base64, URL-encoded.
        var expectedSign = Uri.EscapeDataString(Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(DingTalkSecret), System.Text.Encoding.UTF8.GetBytes($"{timestamp}\n{DingTalkSecret}"))));
        dingtalk.Query.ShouldEndWith($"&sign={expectedSign}");
        JsonSerializer.Serialize(dingtalk.Json, Web).ShouldBe(JsonSerializer.Serialize(
            new { msgtype = "text", text = new { content = text + " @13800000011" }, at = new { atMobiles = new[] { "13800000011" } } }, Web));

        var sms = _receiver.Single("/sms");
        JsonSerializer.Serialize(sms.Json, Web).ShouldBe(JsonSerializer.Serialize(new { to = "13800000011", message = text }, Web));

        // The sender sends deliveries in parallel, so the two webhook posts may arrive in either order.
        var webhooks = _receiver.All("/webhook").Select(r => JsonSerializer.Serialize(r.Json, Web)).ToList();
        webhooks.Count.ShouldBe(2);
        webhooks.ShouldContain(JsonSerializer.Serialize(new
        {
            alarmId = Notice.AlarmId, elevatorId = "EL-0001", code = "11", source = "Phone", step = "FirstContacts",
            recipient = new { role = "FirmOnCall", name = "王师傅", phone = "13800000011" }, sentAt = "2026-11-25T08:00:00.0000000Z",
        }, Web));
        webhooks.ShouldContain(JsonSerializer.Serialize(new
        {
            alarmId = Notice.AlarmId, elevatorId = "EL-0001", code = "11", source = "Phone", step = "FirstContacts",
            recipient = new { role = "SafetyOfficer", name = "李安", phone = "" }, sentAt = "2026-11-25T08:00:00.0000000Z",
        }, Web));

        var shown = await outbox.ListAsync(NotificationOutbox.AlarmSubject(Notice.AlarmId), Cancel);
        shown.ShouldAllBe(d => d.Status == DeliveryStatus.Sent && d.Attempts == 1);
        shown.Select(d => d.Channel).Order().ShouldBe(["dingtalk", "sms", "webhook", "webhook", "wecom"]);
    }

    [Fact]
    public async Task Send_ChannelAnswers500_IsRetriedWithGrowingDelaysUntilItTakesIt()
    {
        var (outbox, sender) = await StartAsync();
        _receiver.FailNext("/wecom", 2);

        await outbox.EnqueueAsync(Notice, Cancel);
        await outbox.EnqueueAsync(Notice, Cancel);
        await sender.SendDueAsync(Cancel);
        var wecom = await WeComAsync(outbox);
        (wecom.Status, wecom.Attempts, wecom.Result).ShouldBe((DeliveryStatus.Pending, 1, "HTTP 500 down"));
        wecom.NextAttemptAt.ShouldBe(Start.UtcDateTime + TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromSeconds(29));
        (await sender.SendDueAsync(Cancel)).ShouldBe(0, "not before its delay");
        _time.Advance(TimeSpan.FromSeconds(1));
        (await sender.SendDueAsync(Cancel)).ShouldBe(1);
        (await WeComAsync(outbox)).NextAttemptAt.ShouldBe(Start.UtcDateTime + TimeSpan.FromSeconds(30 + 60), "the delay doubles");

        _time.Advance(TimeSpan.FromSeconds(60));
        (await sender.SendDueAsync(Cancel)).ShouldBe(1);
        wecom = await WeComAsync(outbox);
        (wecom.Status, wecom.Attempts).ShouldBe((DeliveryStatus.Sent, 3));
        _receiver.All("/wecom").Count.ShouldBe(3);
        _receiver.All("/dingtalk").Count.ShouldBe(1, "the other channels went at once and once, the same notice queued twice");
    }

    [Fact]
    public async Task Enqueue_EachRedispatchedFirm_IsADeliveryOfItsOwnAndRepeatingOneAddsNothing()
    {
        var (outbox, _) = await StartAsync();
        var second = Notice with
        {
            Step = AlarmNotificationStep.RedispatchedFirm, Dispatch = 2, People = [new NotifiedPerson(NotifiedRole.FirmOnCall, "赵师傅", "13800000022")],
        };
        var third = second with { Dispatch = 3, People = [new NotifiedPerson(NotifiedRole.FirmOnCall, "钱师傅", "13800000033")] };

        await outbox.EnqueueAsync(Notice, Cancel);
        await outbox.EnqueueAsync(second, Cancel);
        await outbox.EnqueueAsync(second, Cancel);
        await outbox.EnqueueAsync(third, Cancel);

        var wecom = (await outbox.ListAsync(NotificationOutbox.AlarmSubject(Notice.AlarmId), Cancel)).Where(d => d.Channel == "wecom").ToList();
        wecom.Select(d => d.Step).ShouldBe(["FirstContacts", "RedispatchedFirm", "RedispatchedFirm"], "the group hears of each firm once");
        JsonSerializer.Deserialize<NotificationPayload>(wecom[1].Payload)!.Text.ShouldStartWith("【电梯困人·改派】");
    }

    [Fact]
    public void Options_BadChannelSettings_AreAllReportedAtStart()
    {
        var result = new NotificationOptionsValidator().Validate(null, new NotificationOptions
        {
            WeCom = new RobotOptions { Url = "not a url" },
            DingTalk = new RobotOptions { Secret = "SEC1" },
            Sms = new SmsGatewayOptions { Url = "http://sms.example/send", Method = "DELETE", Body = "{\"to\":\"{phone}\"}" },
            Language = "fr",
        });

        result.Failures!.ShouldBe(
        [
            "Notifications:WeCom:Url is not an absolute http or https URL.",
            "Notifications:DingTalk:Secret is set but Notifications:DingTalk:Url is not.",
            "Notifications:Sms:Method is 'DELETE'; use GET, POST or PUT.",
            "Notifications:Sms: neither Url nor Body contains {text}.",
            "Notifications:Language is 'fr'; use zh-CN or en.",
        ]);
    }

    [Theory]
    [InlineData("13800000011", "138****0011")]
    [InlineData("138-0000-0011", "138****0011")]
    [InlineData("", "")]
    public void Mask_Phone_KeepsFirstThreeAndLastFourDigits(string phone, string shown) => PhoneMask.Mask(phone).ShouldBe(shown);

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task<OutboxDelivery> WeComAsync(NotificationOutbox outbox) =>
        (await outbox.ListAsync(NotificationOutbox.AlarmSubject(Notice.AlarmId), Cancel)).Single(d => d.Channel == "wecom");

    private async Task<(NotificationOutbox Outbox, NotificationSender Sender)> StartAsync()
    {
        _services = await OutboxServices.StartAsync(_folder, _time, new NotificationOptions
        {
            WeCom = new RobotOptions { Url = $"{_receiver.Url}/wecom?key=test-key" },
            DingTalk = new RobotOptions { Url = $"{_receiver.Url}/dingtalk?access_token=test-token", Secret = DingTalkSecret },
            Sms = new SmsGatewayOptions { Url = $"{_receiver.Url}/sms", Body = "{\"to\":\"{phone}\",\"message\":\"{text}\"}" },
            Webhook = new RobotOptions { Url = $"{_receiver.Url}/webhook" },
        });
        return (_services.GetRequiredService<NotificationOutbox>(), _services.GetRequiredService<NotificationSender>());
    }
}
