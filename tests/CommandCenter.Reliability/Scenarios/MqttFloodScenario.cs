using CommandCenter.Testing;

namespace CommandCenter.Reliability.Scenarios;

/// <summary>
/// Hostile connections on the MQTT port must not grow the process that also runs the wall, the silo
/// and ingest: 256 MB CONNECT headers, random bytes and slow senders from many addresses, with the
/// host's RSS sampled throughout, while valid devices keep publishing.
/// </summary>
public sealed class MqttFloodScenario() : Scenario(
    "mqtt-flood", "oversized, garbage and slow connections on the MQTT port leave memory and valid devices alone")
{
    /// <summary>Growth allowed over the RSS before the flood (one 256 MB buffer would be far past it).</summary>
    private const long MemoryGrowthBound = 100L * 1024 * 1024;

    public override async Task<ScenarioOutcome> RunAsync(RunSize size)
    {
        var rounds = size.Pick(3, 1);
        var plan = new FloodPlan();
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        var ids = Enumerable.Range(0, 50).Select(_ => TestDevices.NextElevator()).ToArray();
        await using var load = new StatusLoad(ids, () => host.MqttPort, 2, null);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var before = HostProcess.RssBytes(host.DataFolder);
        var peak = before;
        Say($"{ids.Length} elevators publish 2 statuses/s each; host RSS {Mb(before)} before the flood");

        for (var round = 1; round <= rounds; round++)
        {
            await using (var flood = await MqttFlood.StartAsync(host.MqttPort, plan, CancellationToken.None))
            {
                for (var second = 0; second < 15; second++)
                {
                    peak = Math.Max(peak, HostProcess.RssBytes(host.DataFolder));
                    await Task.Delay(TimeSpan.FromSeconds(1));
                }

                peak = Math.Max(peak, HostProcess.RssBytes(host.DataFolder));
                Say($"  round {round}: {plan.OversizedConnects} oversized CONNECTs, {plan.GarbageConnections} garbage and {plan.SlowSenders} slow connections " +
                    $"from {plan.SourceAddresses} addresses; peak RSS {Mb(peak)}");
            }
        }

        await load.StopAsync();
        var after = HostProcess.RssBytes(host.DataFolder);
        var growth = peak - before;
        var health = await host.Http.GetAsync("/health");
        var passed = growth < MemoryGrowthBound && load.Refused == 0 && health.IsSuccessStatusCode;
        return new ScenarioOutcome(
            passed,
            $"RSS {Mb(before)} before, peak {Mb(peak)} during {rounds} flood round(s) (growth {Mb(growth)}, bound {Mb(MemoryGrowthBound)}), {Mb(after)} after; " +
            $"valid statuses acknowledged {load.TotalAcknowledged}, refused {load.Refused}; /health {(int)health.StatusCode}");
    }

    private static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):F0} MB";
}
