using System.Net;
using CommandCenter.Simulators.Live;
using CommandCenter.Testing;

namespace CommandCenter.Reliability.Scenarios;

/// <summary>
/// Wall screens that stop reading (frozen tabs, dead-slow links) must not delay the others: a healthy
/// wall client times each status from publish to push, first alone, then with stalled clients joined
/// to the same group, while the elevators keep the wall busy.
/// </summary>
public sealed class SlowClientScenario() : Scenario(
    "slow-client", "stalled dashboard (SignalR) clients do not delay the other wall screens")
{
    public override async Task<ScenarioOutcome> RunAsync(RunSize size)
    {
        var devices = size.Pick(500, 200);
        var stalledCount = size.Pick(10, 3);
        var phase = size.Pick(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20));
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        var ids = Enumerable.Range(0, devices).Select(_ => TestDevices.NextElevator()).ToArray();
        var baseUrl = new Uri(host.BaseUrl);
        // One sign-in for every wall client: the hub takes signed-in users only.
        var wall = await host.CookiesOfAsync("wall");

        LiveLatencyProbe? probe = null;
        await using var load = new StatusLoad(ids, () => host.MqttPort, 4, (id, seq, at) => Volatile.Read(ref probe)?.Published(id, seq, at));
        Say($"{devices} elevators publish {devices * 4} statuses/s; a healthy wall client times publish -> push for {phase.TotalSeconds:F0} s alone");
        var alone = await MeasureAsync(baseUrl, wall, ids, phase, p => Volatile.Write(ref probe, p));

        var stalled = new List<StalledHubClient>();
        try
        {
            for (var i = 0; i < stalledCount; i++)
            {
                stalled.Add(await StalledHubClient.JoinWallAsync(host.BaseUrl, wall));
            }

            Say($"{stalledCount} wall clients joined and stopped reading; timing the healthy one for {phase.TotalSeconds:F0} s more");
            var beside = await MeasureAsync(baseUrl, wall, ids, phase, p => Volatile.Write(ref probe, p));
            var stillOpen = stalled.Count(s => s.IsOpen);
            await load.StopAsync();

            // Twice the undisturbed p99 plus a quarter second of noise on a shared machine.
            var bound = (2 * alone.P99) + 250_000;
            var passed = beside.Measured > 0 && beside.P99 <= bound && load.Refused == 0;
            return new ScenarioOutcome(
                passed,
                $"healthy wall client publish->push alone: {Show(alone)}; beside {stalledCount} stalled clients: {Show(beside)} (p99 bound {bound / 1000.0:F0} ms); " +
                $"stalled clients still connected at the end {stillOpen}/{stalledCount}; statuses acknowledged {load.TotalAcknowledged}");
        }
        finally
        {
            foreach (var client in stalled)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>A fresh healthy wall client for one phase; the load reports its publishes to it through <paramref name="attach"/>.</summary>
    private static async Task<Simulators.Load.LatencySummary> MeasureAsync(
        Uri baseUrl, CookieContainer wall, IReadOnlyList<string> ids, TimeSpan phase, Action<LiveLatencyProbe?> attach)
    {
        await using var probe = await LiveLatencyProbe.ConnectAsync(baseUrl, ids, wall, null, CancellationToken.None);
        attach(probe);
        await Task.Delay(phase);
        attach(null);
        return Simulators.Load.LatencySummary.Of(probe.WallLatency, probe.StatusesPushed);
    }

    private static string Show(Simulators.Load.LatencySummary latency) =>
        $"p50 {latency.P50 / 1000.0:F0} / p95 {latency.P95 / 1000.0:F0} / p99 {latency.P99 / 1000.0:F0} ms, max {latency.Max / 1000.0:F0} ms ({latency.Measured} of {latency.Expected} pushed timed)";
}
