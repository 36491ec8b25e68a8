using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static CommandCenter.Stack.Bench.BenchTable;

namespace CommandCenter.Stack.Bench;

/// <summary>A figure over several runs.</summary>
public sealed record Spread(double Median, double Min, double Max)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }
}

/// <summary>
/// The runs of one benchmark as bench.json: each run's figures and goals, and every number among them as median, min
/// and max over the runs under its path (<c>figures.commandCenter.endToEndRate</c>); keys in docs/benchmarks.md.
/// </summary>
public sealed class BenchSummary
{
    /// <summary>The figures the summary table shows: its label, the key, and the unit the value is divided into.</summary>
    private static readonly (string Label, string Key, double Divisor, string Unit)[] TableRows =
    [
        ("CC: end-to-end msg/s (MQTT in -> InfluxDB)", "figures.commandCenter.endToEndRate", 1, "msg/s"),
        ("CC: achieved publish rate (load verb)", "figures.commandCenter.load.achievedRate", 1, "msg/s"),
        ("Mosquitto: achieved publish rate", "figures.mosquitto.achievedRate", 1, "msg/s"),
        ("CC: CPU per message", "figures.commandCenter.cpuMicrosecondsPerMessage", 1, "µs"),
        ("CC: publish->PUBACK p99", "figures.commandCenter.load.p99", 1000, "ms"),
        ("BG: publish->PUBACK p99", "figures.backgroundLoad.p99", 1000, "ms"),
        ("BG: alarm->firm console p99", "figures.backgroundLoad.alarm.p99", 1000, "ms"),
        ("BG 10k: alarm->firm console p99", "figures.heavyBackgroundLoad.alarm.p99", 1000, "ms"),
        ("BG 10k: publish->PUBACK p99", "figures.heavyBackgroundLoad.p99", 1000, "ms"),
        ("CC: RSS peak (VmHWM)", "figures.commandCenter.rssPeakMegabytes", 1, "MB"),
        ("Tracing: cost per message at the default 1 %", "figures.tracing.costAtDefaultRatioMicroseconds", 1, "µs"),
        ("City: devices connected", "figures.connect.connected", 1, ""),
        ("City: connecting took", "figures.connect.seconds", 1, "s"),
        ("BG: achieved rate (the city's mix)", "figures.backgroundLoad.achievedRate", 1, "msg/s"),
        ("BG: CPU per message, all silos", "figures.commandCenter.mixCpuMicrosecondsPerMessage", 1, "µs"),
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly IReadOnlyList<JsonNode> _runs;

    private BenchSummary(IReadOnlyList<JsonNode> runs, IReadOnlyDictionary<string, Spread> figures)
    {
        _runs = runs;
        Figures = figures;
    }

    /// <summary>Every number of the runs by its path; a figure a run could not measure (NaN) is left out of its spread.</summary>
    public IReadOnlyDictionary<string, Spread> Figures { get; }

    public static BenchSummary Of(IReadOnlyList<IBenchFigures> runs)
    {
        var nodes = runs.Select(run => run.ToJsonNode()).ToList();
        var values = new SortedDictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            Collect(node, "", values);
        }

        return new BenchSummary(nodes, values.ToDictionary(pair => pair.Key, pair => Spread.Of(pair.Value), StringComparer.Ordinal));
    }

    public string ToJson() =>
        new JsonObject
        {
            ["runs"] = new JsonArray([.. _runs.Select(run => run.DeepClone())]),
            ["summary"] = JsonSerializer.SerializeToNode(Figures, Json),
        }.ToJsonString(Json);

    /// <summary>The main figures as median and range over the runs.</summary>
    public string Table()
    {
        var table = new StringBuilder()
            .AppendLine()
            .AppendLine(Invariant($"Over {_runs.Count} runs: median [min – max]"))
            .AppendLine()
            .AppendLine($"| {"figure",-44} | {"median [min – max]",-36} |")
            .AppendLine($"|{new string('-', 46)}|{new string('-', 38)}|");
        // Each mode measures its own figures: a row whose key no run has belongs to the other mode.
        foreach (var (label, key, divisor, unit) in TableRows.Where(row => Figures.ContainsKey(row.Key)))
        {
            var spread = Figures[key];
            var value = Invariant($"{spread.Median / divisor:0.#} [{spread.Min / divisor:0.#} – {spread.Max / divisor:0.#}] {unit}");
            table.AppendLine($"| {label,-44} | {value,-36} |");
        }

        return table.ToString();
    }

    private static void Collect(JsonNode? node, string path, IDictionary<string, List<double>> values)
    {
        switch (node)
        {
            case JsonObject members:
                foreach (var (name, member) in members)
                {
                    Collect(member, path.Length == 0 ? name : $"{path}.{name}", values);
                }

                break;
            case JsonValue value when value.TryGetValue<double>(out var number) && double.IsFinite(number):
                if (!values.TryGetValue(path, out var list))
                {
                    values[path] = list = [];
                }

                list.Add(number);
                break;
        }
    }
}
