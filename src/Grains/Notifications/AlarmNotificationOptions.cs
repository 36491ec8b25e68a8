using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Notifications;

/// <summary>Whom an alarm reaches outside the consoles, and how soon it escalates. The channels are the host's (<c>Notifications:</c> too).</summary>
public sealed class AlarmNotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Without a respond step this long, the next contact is reached, then the district's command center.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "02:00:00")]
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fault codes that reach people: the trapped passenger.</summary>
    public List<string> Codes { get; set; } = ["11"];
}
