using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CommandCenter.Simulators.Load;
using static CommandCenter.Stack.Bench.BenchTable;

namespace CommandCenter.Stack.Bench;

/// <summary>
/// What the command center did under the first load, from its own counters, /metrics and /proc: CPU per accepted
/// message of the command center, of the load process and of influxd (which writes its points meanwhile), and the
/// bytes the command center allocated per accepted message. <see cref="TargetReached"/>: the load reached its target
/// rate, so the generator and not the command center set the pace.
/// </summary>
public sealed record CommandCenterFigures(
    LoadResult Load,
    long IngestAccepted,
    long IngestRejected,
    long PointsWritten,
    double EndToEndRate,
    bool EndToEndCaughtUp,
    double CpuAveragePercent,
    double CpuPeakPercent,
    long RssIdleMegabytes,
    long RssPeakMegabytes,
    double StartupSeconds,
    bool TargetReached,
    double CpuMicrosecondsPerMessage,
    double GeneratorCpuMicrosecondsPerMessage,
    double InfluxCpuMicrosecondsPerMessage,
    double AllocatedBytesPerMessage);

/// <summary>
/// How the broker-only baseline was driven: <see cref="Generators"/> load processes toward <see cref="TargetRate"/> in
/// all. When they reached it (<see cref="TargetReached"/>) the baseline is capped by the generators and understates
/// the broker. CPU per acknowledged message of Mosquitto and of the generators together.
/// </summary>
public sealed record BrokerOnlyFigures(int TargetRate, int Generators, bool TargetReached, double MosquittoCpuMicrosecondsPerMessage, double GeneratorCpuMicrosecondsPerMessage)
{
    /// <summary>A load that achieved this share of its target counts as having reached it.</summary>
    public const double ReachedShare = 0.9;

    public static bool Reached(LoadResult load, int target) => load.AchievedRate >= ReachedShare * target;
}

/// <summary>The ingest counters over the whole run (both loads).</summary>
public sealed record WholeRunFigures(long Accepted, long Rejected, long PointsWritten, long PointsSpooled);

/// <summary>
/// What tracing costs: the command center's CPU time per accepted message at the baseline rate, untraced and with every
/// message traced (OTLP to a stand-in collector), and how many trace exports that collector took. A message the sampler
/// passes over starts no activity at all (tested), so at a sample ratio r a message costs on average r times what a
/// traced one does.
/// </summary>
/// <param name="Rate">The tracing phase's rate, msg/s (<c>--tracing-rate</c>).</param>
/// <param name="UntracedCpuPercent">The command center's average CPU while untraced, in percent of one core.</param>
/// <param name="TracedCpuPercent">The same with every message traced: far below the machine's cores, or the difference is saturation.</param>
public sealed record TracingFigures(
    int Rate,
    double UntracedCpuMicrosecondsPerMessage,
    double TracedCpuMicrosecondsPerMessage,
    double UntracedCpuPercent,
    double TracedCpuPercent,
    long TraceExports)
{
    /// <summary><c>Otlp:TraceSampleRatio</c>'s default in the command center: 1 % of roots.</summary>
    public const double DefaultSampleRatio = 0.01;

    public double CostPerTracedMessageMicroseconds => TracedCpuMicrosecondsPerMessage - UntracedCpuMicrosecondsPerMessage;

    public double CostAtDefaultRatioMicroseconds => CostPerTracedMessageMicroseconds * DefaultSampleRatio;
}

/// <summary>Each goal's verdict: "met", "MISSED" or "n/a (quick)".</summary>
public sealed record GoalVerdicts(
    string EndToEndRate,
    string EndToEndOfMosquitto,
    string PeakRss,
    string AlarmP99,
    string TracingCost,
    string CpuPerMessage,
    string BackgroundPubackP99,
    string HeavyBackgroundAlarmP99);

/// <summary>One benchmark run: printed as the table and written as bench.json (keys in docs/benchmarks.md).</summary>
public sealed record BenchFigures(
    string Mode,
    DateTimeOffset Started,
    int Cores,
    long MemoryMegabytes,
    string Preset,
    int CityElevators,
    int Devices,
    int TargetRate,
    int DurationSeconds,
    int BackgroundRate,
    int Alarms,
    CommandCenterFigures CommandCenter,
    LoadResult Mosquitto,
    BrokerOnlyFigures BrokerOnly,
    double InfluxRawLinesPerSecond,
    LoadResult BackgroundLoad,
    int HeavyBackgroundRate,
    LoadResult HeavyBackgroundLoad,
    WholeRunFigures WholeRun,
    TracingFigures Tracing) : IBenchFigures
{
    public const double EndToEndGoal = 10_000;
    public const double ShareOfMosquittoGoal = 0.5;
    public const long PeakRssGoalMegabytes = 1536;
    /// <summary>Trapped passenger → firm console p99 under the 2,500 msg/s background (issue #19).</summary>
    public const double AlarmP99GoalMilliseconds = 100;

    /// <summary>Trapped passenger → firm console p99 under the 10,000 msg/s background (issue #19).</summary>
    public const double HeavyAlarmP99GoalMilliseconds = 200;

    /// <summary>Publish → PUBACK p99 under the 2,500 msg/s background (issue #19).</summary>
    public const double BackgroundPubackP99GoalMilliseconds = 50;
    public const double TracingCostGoalMicroseconds = 2;
    public const double CpuPerMessageGoalMicroseconds = 50;

    public GoalVerdicts Goals => new(
        Verdict(CommandCenter.EndToEndRate >= EndToEndGoal),
        Verdict(Mosquitto.AchievedRate > 0 && CommandCenter.EndToEndRate / Mosquitto.AchievedRate >= ShareOfMosquittoGoal),
        Mode == "full" ? Verdict(CommandCenter.RssPeakMegabytes <= PeakRssGoalMegabytes) : "n/a (quick)",
        AlarmVerdict(BackgroundLoad, AlarmP99GoalMilliseconds),
        Verdict(Tracing.CostAtDefaultRatioMicroseconds <= TracingCostGoalMicroseconds),
        Verdict(CommandCenter.CpuMicrosecondsPerMessage <= CpuPerMessageGoalMicroseconds),
        Verdict(BackgroundLoad.Acknowledged > 0 && BackgroundLoad.P99 / 1000.0 <= BackgroundPubackP99GoalMilliseconds),
        AlarmVerdict(HeavyBackgroundLoad, HeavyAlarmP99GoalMilliseconds));

    /// <summary>The run as bench.json holds it: its figures and the goals' verdicts.</summary>
    public JsonNode ToJsonNode() => JsonNode.Parse(JsonSerializer.Serialize(new { figures = this, goals = Goals }, Json))!;

    public string Table()
    {
        var cc = CommandCenter;
        var bg = BackgroundLoad;
        var endToEnd = $"{(cc.EndToEndCaughtUp ? "" : "<")}{cc.EndToEndRate:F0} msg/s";
        var table = new StringBuilder()
            .AppendLine()
            .AppendLine(Invariant($"CommandCenter benchmark — {Mode}, {Started:yyyy-MM-dd HH:mm} UTC, {Cores} cores, {MemoryMegabytes / 1024.0:F0} GB RAM"))
            .AppendLine(Invariant($"city: preset {Preset} ({CityElevators} elevators in credentials); load: {Devices} devices, target {TargetRate} msg/s, {DurationSeconds}s QoS 1 elevator statuses"))
            .AppendLine(Invariant($"background: the same devices at {BackgroundRate} msg/s for {DurationSeconds}s, watched by a SignalR wall client and a firm console, {Alarms} trapped-passenger alarms; then at {HeavyBackgroundRate} msg/s (BG 10k) with {Alarms} more"))
            .AppendLine("One run, after a warm-up until the JIT settled (at most 60 s); on a small shared machine these are orders of magnitude, not precise figures.")
            .AppendLine()
            .AppendLine(Heading)
            .AppendLine(Row("CC: load acknowledged / rejected / sent", $"{cc.Load.Acknowledged} / {cc.Load.Rejected} / {cc.Load.Sent}"))
            .AppendLine(Row("CC: achieved publish rate (load verb)", Invariant($"{cc.Load.AchievedRate:F0} msg/s{(cc.TargetReached ? " (target reached)" : "")}")))
            .AppendLine(Row("CC: publish->PUBACK p50 / p95 / p99", Percentiles(cc.Load.P50, cc.Load.P95, cc.Load.P99)))
            .AppendLine(Row("CC: ingest accepted / rejected (stats delta)", $"{cc.IngestAccepted} / {cc.IngestRejected}"))
            .AppendLine(Row("CC: points written to InfluxDB (delta)", $"{cc.PointsWritten}"))
            .AppendLine(Row("CC: end-to-end msg/s (MQTT in -> InfluxDB)", endToEnd, ">= 10,000 msg/s", Goals.EndToEndRate))
            .AppendLine(Row("CC: end-to-end / Mosquitto achieved", Ratio(cc.EndToEndRate, Mosquitto.AchievedRate), ">= 50%", Goals.EndToEndOfMosquitto))
            .AppendLine(Row("CC: PUBACK rate / Mosquitto achieved", Ratio(cc.Load.AchievedRate, Mosquitto.AchievedRate)))
            .AppendLine(Row("CC: end-to-end / raw InfluxDB write rate", Ratio(cc.EndToEndRate, InfluxRawLinesPerSecond)))
            .AppendLine(Row("CC: CPU avg / peak 1 s (100% = one core)", Invariant($"{cc.CpuAveragePercent:F0}% / {cc.CpuPeakPercent:F0}%")))
            .AppendLine(Row("CC: CPU per message", Invariant($"{cc.CpuMicrosecondsPerMessage:F1} µs"), "<= 50 µs", Goals.CpuPerMessage))
            .AppendLine(Row("CC: CPU per message, generator / influxd", Invariant($"{cc.GeneratorCpuMicrosecondsPerMessage:F1} / {cc.InfluxCpuMicrosecondsPerMessage:F1} µs")))
            .AppendLine(Row("CC: allocated per message", double.IsNaN(cc.AllocatedBytesPerMessage) ? "?" : Invariant($"{cc.AllocatedBytesPerMessage / 1024:F1} KB")))
            .AppendLine(Row("CC: RSS idle / peak (VmHWM, whole run)", $"{cc.RssIdleMegabytes} / {cc.RssPeakMegabytes} MB",
                Mode == "full" ? "<= 1.5 GB (Yinchuan city)" : "<= 1.5 GB (--full only)", Goals.PeakRss))
            .AppendLine(Row("CC: start-up to /health 200 (incl. city gen)", Invariant($"{cc.StartupSeconds:F0} s")))
            .AppendLine(Row("Mosquitto: acknowledged / sent", $"{Mosquitto.Acknowledged} / {Mosquitto.Sent}"))
            .AppendLine(Row("Mosquitto: achieved publish rate", Invariant($"{Mosquitto.AchievedRate:F0} msg/s"),
                Invariant($"target {BrokerOnly.TargetRate}"), BrokerOnly.TargetReached ? "CAPPED" : "not capped"))
            .AppendLine(Row("Mosquitto: CPU per msg, broker / generators", Invariant($"{BrokerOnly.MosquittoCpuMicrosecondsPerMessage:F1} / {BrokerOnly.GeneratorCpuMicrosecondsPerMessage:F1} µs ({BrokerOnly.Generators} gen.)")))
            .AppendLine(Row("Mosquitto: publish->PUBACK p50 / p95 / p99", Percentiles(Mosquitto.P50, Mosquitto.P95, Mosquitto.P99)))
            .AppendLine(Row("InfluxDB: raw line-protocol write rate", Invariant($"{InfluxRawLinesPerSecond:F0} lines/s")))
            .AppendLine(Row("BG: acknowledged / sent; achieved rate", Invariant($"{bg.Acknowledged} / {bg.Sent}; {bg.AchievedRate:F0} msg/s")))
            .AppendLine(Row("BG: publish->PUBACK p50 / p95 / p99", Percentiles(bg.P50, bg.P95, bg.P99), Invariant($"p99 <= {BackgroundPubackP99GoalMilliseconds:F0} ms"), Goals.BackgroundPubackP99))
            .AppendLiveRows(bg, Goals.AlarmP99)
            .AppendLine(Row("BG 10k: acknowledged / sent; achieved rate", Invariant($"{HeavyBackgroundLoad.Acknowledged} / {HeavyBackgroundLoad.Sent}; {HeavyBackgroundLoad.AchievedRate:F0} msg/s (target {HeavyBackgroundRate})")))
            .AppendLine(Row("BG 10k: publish->PUBACK p50 / p95 / p99", Percentiles(HeavyBackgroundLoad.P50, HeavyBackgroundLoad.P95, HeavyBackgroundLoad.P99)))
            .AppendLiveRows(HeavyBackgroundLoad, Goals.HeavyBackgroundAlarmP99, "BG 10k", HeavyAlarmP99GoalMilliseconds)
            .AppendLine(Row("Tracing: CC CPU per message untraced", Invariant($"{Tracing.UntracedCpuMicrosecondsPerMessage:F1} µs ({Tracing.Rate} msg/s, CPU {Tracing.UntracedCpuPercent:F0}%)")))
            .AppendLine(Row("Tracing: CC CPU per message, all traced", Invariant($"{Tracing.TracedCpuMicrosecondsPerMessage:F1} µs (CPU {Tracing.TracedCpuPercent:F0}%, {Tracing.TraceExports} exports)")))
            .AppendLine(Row("Tracing: cost per traced message", Invariant($"{Tracing.CostPerTracedMessageMicroseconds:F1} µs")))
            .AppendLine(Row("Tracing: cost per message at the default 1 %", Invariant($"{Tracing.CostAtDefaultRatioMicroseconds:F2} µs"), "<= 2 µs", Goals.TracingCost))
            .AppendWholeRunRows(WholeRun);
        return table.ToString();
    }
}
