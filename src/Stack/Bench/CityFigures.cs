using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommandCenter.Simulators.Load;
using static CommandCenter.Stack.Bench.BenchTable;

namespace CommandCenter.Stack.Bench;

/// <summary>One silo of the whole-city run: its broker's sessions, memory, and CPU per message it accepted in each phase.</summary>
/// <param name="RssConnectedMegabytes">VmRSS once every generator was connected, before the mix.</param>
/// <param name="MixAccepted">Messages its ingest accepted during the mix (its own /api/ingest/stats).</param>
/// <param name="MixCpuMicrosecondsPerMessage">Its CPU time over the mix ÷ <paramref name="MixAccepted"/>.</param>
public sealed record SiloFigures(
    int Silo,
    long Sessions,
    long RssIdleMegabytes,
    long RssConnectedMegabytes,
    long RssPeakMegabytes,
    long MixAccepted,
    double MixCpuMicrosecondsPerMessage,
    double MixCpuAveragePercent,
    long BurstAccepted,
    double BurstCpuMicrosecondsPerMessage,
    double BurstCpuAveragePercent);

/// <summary>
/// The command center of the whole-city run, all silos together: memory against the goal, CPU per message accepted in
/// the burst (<see cref="CpuMicrosecondsPerMessage"/>) and in the mix. <see cref="Load"/> is the burst, all generators
/// added up (percentiles: the worst generator's), under the key <c>commandCenter.load</c> the quick run uses for its
/// throughput phase.
/// </summary>
public sealed record CityCommandCenterFigures(
    LoadResult Load,
    long IngestAccepted,
    long IngestRejected,
    long RssIdleMegabytes,
    long RssConnectedMegabytes,
    long RssPeakMegabytes,
    double CpuMicrosecondsPerMessage,
    double MixCpuMicrosecondsPerMessage,
    double StartupSeconds,
    IReadOnlyList<SiloFigures> Silos);

/// <summary>How the whole city was connected: sessions asked for and connected, how long it took, from where.</summary>
public sealed record ConnectFigures(long Sessions, long Connected, double Seconds, int Generators, IReadOnlyList<string> SourceAddresses, int PendingPerAddress);

/// <summary>Each whole-city goal's verdict: "met" or "MISSED".</summary>
public sealed record CityGoalVerdicts(string AllConnected, string PeakRss, string AlarmP99, string CpuPerMessage);

/// <summary>
/// <c>./bench.sh --full</c>: every device of the Yinchuan preset connected at once to two silos, the city's baseline mix
/// (<see cref="BackgroundLoad"/>, under the quick run's key for its background phase, with the alarms) and then a burst;
/// printed as a table and written as bench.json (keys in docs/benchmarks.md).
/// </summary>
public sealed record CityFigures(
    string Mode,
    DateTimeOffset Started,
    int Cores,
    long MemoryMegabytes,
    string Preset,
    int CityElevators,
    int CityBerths,
    int Silos,
    int MixSeconds,
    int DurationSeconds,
    int TargetRate,
    int Alarms,
    ConnectFigures Connect,
    LoadResult BackgroundLoad,
    MixResult Mix,
    long MixIngestAccepted,
    CityCommandCenterFigures CommandCenter,
    double GeneratorMixCpuMicrosecondsPerMessage,
    double GeneratorCpuMicrosecondsPerMessage,
    double InfluxCpuMicrosecondsPerMessage,
    WholeRunFigures WholeRun) : IBenchFigures
{
    public CityGoalVerdicts Goals => new(
        Verdict(Connect.Connected == Connect.Sessions),
        Verdict(CommandCenter.RssPeakMegabytes <= BenchFigures.PeakRssGoalMegabytes),
        AlarmVerdict(BackgroundLoad, BenchFigures.AlarmP99GoalMilliseconds),
        Verdict(CommandCenter.CpuMicrosecondsPerMessage <= BenchFigures.CpuPerMessageGoalMicroseconds));

    public JsonNode ToJsonNode() => JsonNode.Parse(JsonSerializer.Serialize(new { figures = this, goals = Goals }, Json))!;

    public string Table()
    {
        var cc = CommandCenter;
        var bg = BackgroundLoad;
        var silos = cc.Silos;
        string PerSilo(Func<SiloFigures, string> figure) => string.Join(" / ", silos.Select(figure));
        var table = new StringBuilder()
            .AppendLine()
            .AppendLine(Invariant($"CommandCenter benchmark — full, the whole city connected, {Started:yyyy-MM-dd HH:mm} UTC, {Cores} cores, {MemoryMegabytes / 1024.0:F0} GB RAM"))
            .AppendLine(Invariant($"city: preset {Preset} ({CityElevators} elevators, {CityBerths} berth sensors), {Silos} silos in cluster mode (PostgreSQL), each with its embedded broker"))
            .AppendLine(Invariant($"load: {Connect.Generators} generators, one MQTT session per device; {MixSeconds}s of the city's baseline mix with {Alarms} trapped-passenger alarms, then {DurationSeconds}s of burst toward {TargetRate} msg/s"))
            .AppendLine("One run; on a small shared machine these are orders of magnitude, not precise figures.")
            .AppendLine()
            .AppendLine(Heading)
            .AppendLine(Row("City: devices connected / sessions", $"{Connect.Connected} / {Connect.Sessions}", Invariant($"all {Connect.Sessions}"), Goals.AllConnected))
            .AppendLine(Row("City: connecting took", Invariant($"{Connect.Seconds:F0} s")))
            .AppendLine(Row("City: sessions per silo", PerSilo(s => $"{s.Sessions}")))
            .AppendLine(Row("City: source addresses (one per generator)", string.Join(", ", Connect.SourceAddresses)))
            .AppendLine(Row("BG: acknowledged / sent; achieved rate", Invariant($"{bg.Acknowledged} / {bg.Sent}; {bg.AchievedRate:F0} msg/s")))
            .AppendLine(Row("BG: lifts / berths / escalators / events", $"{Mix.Statuses} / {Mix.BerthMessages} / {Mix.EscalatorStatuses} / {Mix.Events}"))
            .AppendLine(Row("BG: ingest accepted (all silos)", $"{MixIngestAccepted}"))
            .AppendLine(Row("BG: publish->PUBACK p50 / p95 / p99", Percentiles(bg.P50, bg.P95, bg.P99)))
            .AppendLiveRows(bg, Goals.AlarmP99)
            .AppendLine(Row("BG: CPU per message, all silos", Invariant($"{cc.MixCpuMicrosecondsPerMessage:F1} µs")))
            .AppendLine(Row("BG: CPU per message, each silo", PerSilo(s => Invariant($"{s.MixCpuMicrosecondsPerMessage:F1}")) + " µs"))
            .AppendLine(Row("BG: CPU avg, each silo (100% = one core)", PerSilo(s => Invariant($"{s.MixCpuAveragePercent:F0}%"))))
            .AppendLine(Row("BG: CPU per message, generators", Invariant($"{GeneratorMixCpuMicrosecondsPerMessage:F1} µs")))
            .AppendLine(Row("CC: load acknowledged / rejected / sent", $"{cc.Load.Acknowledged} / {cc.Load.Rejected} / {cc.Load.Sent}"))
            .AppendLine(Row("CC: achieved publish rate (load verb)", Invariant($"{cc.Load.AchievedRate:F0} msg/s")))
            .AppendLine(Row("CC: publish->PUBACK p50 / p95 / p99", Percentiles(cc.Load.P50, cc.Load.P95, cc.Load.P99)))
            .AppendLine(Row("CC: ingest accepted / rejected (stats delta)", $"{cc.IngestAccepted} / {cc.IngestRejected}"))
            .AppendLine(Row("CC: CPU per message", Invariant($"{cc.CpuMicrosecondsPerMessage:F1} µs"), "<= 50 µs", Goals.CpuPerMessage))
            .AppendLine(Row("CC: CPU per message, each silo", PerSilo(s => Invariant($"{s.BurstCpuMicrosecondsPerMessage:F1}")) + " µs"))
            .AppendLine(Row("CC: CPU avg, each silo (100% = one core)", PerSilo(s => Invariant($"{s.BurstCpuAveragePercent:F0}%"))))
            .AppendLine(Row("CC: CPU per message, generator / influxd", Invariant($"{GeneratorCpuMicrosecondsPerMessage:F1} / {InfluxCpuMicrosecondsPerMessage:F1} µs")))
            .AppendLine(Row("CC: RSS idle / peak (VmHWM, whole run)", $"{cc.RssIdleMegabytes} / {cc.RssPeakMegabytes} MB", "<= 1.5 GB (all silos)", Goals.PeakRss))
            .AppendLine(Row("CC: RSS all connected, before the mix", $"{cc.RssConnectedMegabytes} MB"))
            .AppendLine(Row("CC: RSS connected / peak, each silo", PerSilo(s => $"{s.RssConnectedMegabytes} / {s.RssPeakMegabytes}") + " MB"))
            .AppendLine(Row("CC: start-up to /health 200 (incl. city gen)", Invariant($"{cc.StartupSeconds:F0} s")))
            .AppendWholeRunRows(WholeRun);
        return table.ToString();
    }
}
