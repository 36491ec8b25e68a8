using System.Globalization;

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
    public static string Verdict(bool met) => met ? "met" : "MISSED";

    public static string Row(string figure, string value, string goal = "", string result = "") => $"| {figure,-44} | {value,-26} | {goal,-24} | {result,-12} |";

    public static string Percentiles(long p50, long p95, long p99) => Invariant($"{p50 / 1000.0:F1} / {p95 / 1000.0:F1} / {p99 / 1000.0:F1} ms");

    public static string Ratio(double part, double whole) => whole > 0 ? Invariant($"{100 * part / whole:F0}%") : "n/a";

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
