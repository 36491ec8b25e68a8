using CommandCenter.Testing;

namespace CommandCenter.Reliability.Scenarios;

/// <summary>
/// InfluxDB stopped under load: devices keep being acknowledged from the on-disk spool, and after
/// InfluxDB returns every acknowledged sequence number is there exactly once. The spool is on disk,
/// so the host's memory must not grow with the backlog.
/// </summary>
public sealed class InfluxOutageScenario() : Scenario(
    "influx-outage", "InfluxDB stopped under load -> every sequence number exactly once after it returns, memory bounded")
{
    /// <summary>Growth allowed over the pre-outage RSS: far below what holding the backlog in memory would take over minutes.</summary>
    private const long MemoryGrowthBound = 256L << 20;

    public override async Task<ScenarioOutcome> RunAsync(RunSize size)
    {
        var devices = size.Pick(100, 20);
        const double PerDevice = 10;
        var outage = size.Pick(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(20));
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        using var monitoring = host.ApiKeyClient(Checks.MonitoringClient);
        var ids = Enumerable.Range(0, devices).Select(_ => TestDevices.NextElevator()).ToArray();
        Say($"{devices} elevators publish {devices * PerDevice:F0} statuses/s; InfluxDB goes away for {outage.TotalSeconds:F0} s");
        await using var load = new StatusLoad(ids, () => host.MqttPort, PerDevice);
        await Task.Delay(TimeSpan.FromSeconds(5));

        var before = HostProcess.RssBytes(host.DataFolder);
        await influx.KillAsync();
        Say($"InfluxDB stopped; host RSS {Mb(before)}");
        var peak = before;
        var spooled = 0L;
        var spoolBytes = 0L;
        for (var (end, second) = (DateTime.UtcNow + outage, 1); DateTime.UtcNow < end; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            peak = Math.Max(peak, HostProcess.RssBytes(host.DataFolder));
            var stats = await Checks.StatsAsync(monitoring);
            spooled = stats.GetProperty("pointsSpooled").GetInt64();
            spoolBytes = stats.GetProperty("spoolBytes").GetInt64();
            if (second % 10 == 0)
            {
                Say($"  {load.TotalAcknowledged} acknowledged, {spooled} points ({Mb(spoolBytes)}) spooled, RSS {Mb(HostProcess.RssBytes(host.DataFolder))}");
            }
        }

        await influx.StartAgainAsync();
        Say($"InfluxDB started again with {spooled} points spooled; load continues 5 s");
        await Task.Delay(TimeSpan.FromSeconds(5));
        await load.StopAsync();
        var audit = await Checks.AuditSequencesAsync(influx, load.Acknowledged, TimeSpan.FromMinutes(2));
        var growth = peak - before;
        var passed = audit.Acknowledged > 0 && audit.ExactlyOnce && load.Refused == 0 && growth < MemoryGrowthBound;
        return new ScenarioOutcome(
            passed,
            $"{audit}; refused {load.Refused}; {spooled} points ({Mb(spoolBytes)}) spooled at the end of the {outage.TotalSeconds:F0} s outage; " +
            $"RSS {Mb(before)} before, peak {Mb(peak)} during it (growth {Mb(growth)}, bound {Mb(MemoryGrowthBound)}); PUBACK p99 {load.Latency.Percentile(99) / 1000.0:F0} ms");
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MB";
}
