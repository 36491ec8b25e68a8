using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Live;

/// <summary>How the live hub pushes to its clients (section <c>LiveHub</c>).</summary>
public sealed class LiveHubOptions
{
    public const string Section = "LiveHub";

    /// <summary>
    /// Least time between two elevator batches to one group, so each client gets a few updates a
    /// second however busy the city is. Alarms never wait for it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:05")]
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
