using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommandCenter.Notifications.Store;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications.Channels;

/// <summary>
/// A group robot's webhook (WeCom, DingTalk): a JSON text message whose answer carries <c>errcode</c>, 0 when
/// the group got it. An HTTP 200 with another errcode (a wrong key, a keyword filter) is a failure too.
/// </summary>
public abstract class RobotChannel : NotificationChannel
{
    public override ChannelAudience Audience => ChannelAudience.Group;

    protected abstract Uri RequestUri(DateTimeOffset now);

    protected abstract JsonObject Message(NotificationPayload payload);

    public override async Task<string> SendAsync(HttpClient http, OutboxDelivery delivery, NotificationPayload payload, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(RequestUri(now), Message(payload), cancellationToken);
        var result = await ExpectSuccessAsync(response, cancellationToken);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken);
        return ErrorCodeOf(answer) is 0 ? result : throw new DeliveryFailedException(result);
    }

    private static int? ErrorCodeOf(string answer)
    {
        try
        {
            using var json = JsonDocument.Parse(answer);
            return json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>WeCom (企业微信) group robot: <c>{"msgtype":"text","text":{"content":…,"mentioned_mobile_list":[…]}}</c>.</summary>
public sealed class WeComChannel(IOptions<NotificationOptions> options) : RobotChannel
{
    public override string Name => "wecom";

    public override bool Enabled => options.Value.WeCom.Enabled;

    protected override Uri RequestUri(DateTimeOffset now) => new(options.Value.WeCom.Url!);

    protected override JsonObject Message(NotificationPayload payload) => new()
    {
        ["msgtype"] = "text",
        ["text"] = new JsonObject
        {
            ["content"] = payload.Text,
            ["mentioned_mobile_list"] = new JsonArray([.. payload.Mentions.Select(m => JsonValue.Create(m))]),
        },
    };
}

/// <summary>
/// DingTalk (钉钉) custom robot: <c>{"msgtype":"text","text":{"content":…},"at":{"atMobiles":[…]}}</c>; the
/// content names each mentioned mobile as <c>@138…</c>, where DingTalk shows the mention. A robot with a
/// signing secret gets <c>&amp;timestamp=…&amp;sign=…</c>: HmacSHA256 of <c>timestamp\nsecret</c> keyed by the
/// secret, base64, URL-encoded; the timestamp in milliseconds must be within an hour of DingTalk's clock.
/// </summary>
public sealed class DingTalkChannel(IOptions<NotificationOptions> options) : RobotChannel
{
    public override string Name => "dingtalk";

    public override bool Enabled => options.Value.DingTalk.Enabled;

    public static string Sign(long timestamp, string secret)
    {
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{secret}"));
        return Uri.EscapeDataString(Convert.ToBase64String(signature));
    }

    protected override Uri RequestUri(DateTimeOffset now)
    {
        var robot = options.Value.DingTalk;
        if (string.IsNullOrWhiteSpace(robot.Secret))
        {
            return new Uri(robot.Url!);
        }

        var timestamp = now.ToUnixTimeMilliseconds();
        var separator = robot.Url!.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(FormattableString.Invariant($"{robot.Url}{separator}timestamp={timestamp}&sign={Sign(timestamp, robot.Secret)}"));
    }

    protected override JsonObject Message(NotificationPayload payload) => new()
    {
        ["msgtype"] = "text",
        ["text"] = new JsonObject
        {
            ["content"] = payload.Mentions.Count == 0 ? payload.Text : $"{payload.Text} {string.Join(" ", payload.Mentions.Select(m => "@" + m))}",
        },
        ["at"] = new JsonObject { ["atMobiles"] = new JsonArray([.. payload.Mentions.Select(m => JsonValue.Create(m))]) },
    };
}
