using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CommandCenter.Notifications;

/// <summary>
/// The channels that reach people outside the consoles (each off until its URL is set) and how the outbox
/// retries. Whom and when is <c>Grains.Notifications.AlarmNotificationOptions</c>, bound to the same section.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>A WeCom (企业微信) group robot: its webhook URL with the key, <c>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…</c>.</summary>
    public RobotOptions WeCom { get; set; } = new();

    /// <summary>A DingTalk (钉钉) custom robot: <c>https://oapi.dingtalk.com/robot/send?access_token=…</c> and, when it signs, its <c>SEC…</c> secret.</summary>
    public RobotOptions DingTalk { get; set; } = new();

    /// <summary>An SMS gateway, described by an HTTP request with <c>{phone}</c> and <c>{text}</c> placeholders.</summary>
    public SmsGatewayOptions Sms { get; set; } = new();

    /// <summary>Every notification attempt, as JSON, to one URL (an integration's own records).</summary>
    public RobotOptions Webhook { get; set; } = new();

    /// <summary>A failed delivery is tried again after this long, then twice as long each time, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before a delivery is given up as failed (shown so on the alarm).</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How often the outbox looks for deliveries due again; new ones are sent at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An answer slower than this counts as a failure (and is retried).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent and failed deliveries are deleted this many days after their last attempt (pending ones are kept).</summary>
    [Range(7, 3650, ErrorMessage = "Notifications:KeepDays must be between 7 and 3650: deliveries are kept at least a week.")]
    public int KeepDays { get; set; } = 90;

    public TimeSpan Retention => TimeSpan.FromDays(KeepDays);

    /// <summary>The language of the messages sent: <c>zh-CN</c> or <c>en</c>.</summary>
    public string Language { get; set; } = "zh-CN";
}

/// <summary>A channel reached by POSTing to one URL; off while <see cref="Url"/> is empty.</summary>
public sealed class RobotOptions
{
    public string? Url { get; set; }

    /// <summary>DingTalk only: the signing secret (加签), when the robot's security setting uses one.</summary>
    public string? Secret { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}

/// <summary>
/// An SMS gateway's request. <c>{phone}</c> and <c>{text}</c> in <see cref="Url"/> are URL-encoded; in
/// <see cref="Body"/> they are escaped for <see cref="ContentType"/> (JSON string content, form encoding, or as they are).
/// </summary>
public sealed class SmsGatewayOptions
{
    public string? Url { get; set; }

    public string Method { get; set; } = "POST";

    public string? Body { get; set; }

    public string ContentType { get; set; } = "application/json";

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);
}

/// <summary>Checks what data annotations cannot, reporting every problem at once.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var problems = new List<string>();
        CheckUrl(problems, "WeCom:Url", options.WeCom.Url);
        CheckUrl(problems, "DingTalk:Url", options.DingTalk.Url);
        CheckUrl(problems, "Webhook:Url", options.Webhook.Url);
        CheckUrl(problems, "Sms:Url", options.Sms.Url);
        if (!string.IsNullOrWhiteSpace(options.DingTalk.Secret) && !options.DingTalk.Enabled)
        {
            problems.Add("Notifications:DingTalk:Secret is set but Notifications:DingTalk:Url is not.");
        }

        if (options.Sms.Enabled)
        {
            if (options.Sms.Method.ToUpperInvariant() is not ("GET" or "POST" or "PUT"))
            {
                problems.Add($"Notifications:Sms:Method is '{options.Sms.Method}'; use GET, POST or PUT.");
            }

            var template = options.Sms.Url + options.Sms.Body;
            foreach (var placeholder in new[] { SmsTemplate.Phone, SmsTemplate.Text }.Where(p => !template.Contains(p, StringComparison.Ordinal)))
            {
                problems.Add($"Notifications:Sms: neither Url nor Body contains {placeholder}.");
            }
        }

        if (options.FirstRetryDelay > options.MaxRetryDelay)
        {
            problems.Add($"Notifications:FirstRetryDelay ({options.FirstRetryDelay}) is longer than Notifications:MaxRetryDelay ({options.MaxRetryDelay}).");
        }

        if (options.Language is not ("zh-CN" or "en"))
        {
            problems.Add($"Notifications:Language is '{options.Language}'; use zh-CN or en.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckUrl(List<string> problems, string key, string? url)
    {
        if (!string.IsNullOrWhiteSpace(url)
            && !(Uri.TryCreate(url.Replace(SmsTemplate.Phone, "0", StringComparison.Ordinal).Replace(SmsTemplate.Text, "x", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                 && uri.Scheme is "http" or "https"))
        {
            problems.Add($"Notifications:{key} is not an absolute http or https URL.");
        }
    }
}
