using System.Security.Cryptography;
using System.Text;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// The InfluxDB 1.x objects that bound the time series (docs/operations.md, "Retention"): every point is
/// written to the <see cref="RawPolicy"/> retention policy, and a continuous query keeps one-minute rollups
/// of elevator status in <see cref="RollupPolicy"/>, which lives longer, so the 7-day history still draws.
/// </summary>
public static class InfluxRollups
{
    /// <summary>The database's default policy: every raw point, kept <see cref="TimeSeriesRetentionOptions.RawRetention"/>.</summary>
    public const string RawPolicy = "raw";

    /// <summary>One-minute rollups, kept <see cref="TimeSeriesRetentionOptions.RollupRetention"/>.</summary>
    public const string RollupPolicy = "rollup_1m";

    public const string ElevatorMeasurement = "elevator_status_1m";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private const string QueryNamePrefix = "elevator_status_1m_";

    /// <summary>
    /// How much time one shard group covers. InfluxDB drops whole shard groups, so a point lives up to one
    /// group longer than its policy says; short groups keep that overshoot small where points are many.
    /// </summary>
    public static TimeSpan ShardGroupOf(TimeSpan retention) =>
        retention <= TimeSpan.FromDays(7) ? TimeSpan.FromHours(1)
        : retention <= TimeSpan.FromDays(180) ? TimeSpan.FromDays(1)
        : TimeSpan.FromDays(7);

    /// <summary>
    /// The rollup of one minute of each elevator: where it ended up (last floor and sequence number, the mode it was
    /// left in), whether it ran or lost power at all (max of a boolean), and its counters at the minute's end.
    /// </summary>
    public static string ElevatorRollupSelect(string database) =>
        "SELECT last(floor) AS floor, last(seq) AS seq, last(mode) AS mode, max(running) AS running, max(power_outage) AS power_outage, " +
        "max(running_hours) AS running_hours, max(trips) AS trips " +
        $"INTO {Qualified(database, RollupPolicy, ElevatorMeasurement)} FROM {Qualified(database, RawPolicy, ElevatorPoints.Measurement)} " +
        $"GROUP BY time({(long)Interval.TotalMinutes}m), *";

    /// <summary>
    /// The continuous query's name carries a hash of its definition: a changed definition gets a new name,
    /// so start-up can tell an up-to-date query from one to replace without parsing InfluxDB's rewrite of it.
    /// </summary>
    public static string ContinuousQueryName(string database) =>
        QueryNamePrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ElevatorRollupSelect(database))))[..12];

    /// <summary>True for the rollup queries this service creates, current or outdated.</summary>
    public static bool IsOurContinuousQuery(string name) => name.StartsWith(QueryNamePrefix, StringComparison.Ordinal);

    public static string Qualified(string database, string policy, string measurement) => $"\"{database}\".\"{policy}\".\"{measurement}\"";

    /// <summary>An InfluxQL duration literal of whole hours (the options are validated to be whole hours).</summary>
    public static string Duration(TimeSpan duration) => $"{(long)duration.TotalHours}h";

    /// <summary>A duration as <c>SHOW RETENTION POLICIES</c> prints it (Go's format): <c>48h0m0s</c>.</summary>
    public static string ShownDuration(TimeSpan duration) => $"{(long)duration.TotalHours}h0m0s";
}
