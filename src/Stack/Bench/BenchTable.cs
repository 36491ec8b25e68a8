using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommandCenter.Stack.Bench;

/// <summary>One run's figures, whichever mode measured them: printed as a table, written into bench.json.</summary>
public interface IBenchFigures
{
    /// <summary>The run as bench.json holds it: <c>{ "figures": …, "goals": … }</c>.</summary>
    System.Text.Json.Nodes.JsonNode ToJsonNode();

    string Table();
}

/// <summary>The table's cells, the same in every mode, so rows line up and read alike.</summary>
internal static class BenchTable
{
    /// <summary>How a run is written into bench.json: camelCase, and a figure that could not be measured as "NaN".</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The table's column headings and the rule under them.</summary>
    public static string Heading =>
        Row("figure", "value", "goal", "result") + Environment.NewLine + $"|{new string('-', 46)}|{new string('-', 28)}|{new string('-', 26)}|{new string('-', 14)}|";

    /// <summary>What the hub watchers timed under a load: publish → wall push, and trapped passenger → firm console against its goal.</summary>
    /// <summary>The rows of a phase watched through SignalR, labelled with <paramref name="phase"/>, its alarm goal <paramref name="alarmGoalMilliseconds"/>.</summary>
    public static StringBuilder AppendLiveRows(
        this StringBuilder table,
        CommandCenter.Simulators.Load.LoadResult load,
        string alarmVerdict,
        string phase = "BG",
        double alarmGoalMilliseconds = BenchFigures.AlarmP99GoalMilliseconds) => table
        .AppendLine(Row($"{phase}: publish->SignalR wall p50 / p95 / p99", load.WallPush is { } wall ? Percentiles(wall.P50, wall.P95, wall.P99) : "? / ? / ? ms"))
        .AppendLine(Row($"{phase}: wall statuses timed / pushed", load.WallPush is { } timed ? $"{timed.Measured} of {timed.Expected}" : "?"))
        .AppendLine(Row($"{phase}: alarm->firm console p50 / p95 / p99", load.Alarm is { } alarm ? Percentiles(alarm.P50, alarm.P95, alarm.P99) : "? / ? / ? ms", Invariant($"p99 <= {alarmGoalMilliseconds:F0} ms"), alarmVerdict))
        .AppendLine(Row($"{phase}: alarms seen on the console / raised", load.Alarm is { } seen ? $"{seen.Measured} of {seen.Expected}" : "?"));

    public static StringBuilder AppendWholeRunRows(this StringBuilder table, WholeRunFigures whole) => table
        .AppendLine(Row("Whole run: ingest accepted / rejected", $"{whole.Accepted} / {whole.Rejected}"))
        .AppendLine(Row("Whole run: InfluxDB points written / spooled", $"{whole.PointsWritten} / {whole.PointsSpooled}"));

    public static string Verdict(bool met) => met ? "met" : "MISSED";

    /// <summary>Met when every alarm raised was seen on the console and the slowest but one in a hundred within the goal.</summary>
    public static string AlarmVerdict(CommandCenter.Simulators.Load.LoadResult load, double goalMilliseconds) =>
        Verdict(load.Alarm is { } alarm && alarm.Measured == alarm.Expected && alarm.P99 / 1000.0 <= goalMilliseconds);

    public static string Row(string figure, string value, string goal = "", string result = "") => $"| {figure,-44} | {value,-26} | {goal,-24} | {result,-12} |";

    public static string Percentiles(long p50, long p95, long p99) => Invariant($"{p50 / 1000.0:F1} / {p95 / 1000.0:F1} / {p99 / 1000.0:F1} ms");

    public static string Ratio(double part, double whole) => whole > 0 ? Invariant($"{100 * part / whole:F0}%") : "n/a";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
