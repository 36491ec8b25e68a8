using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Observability;

/// <summary>
/// Debian's Prometheus, on a private configuration, port and data folder, scrapes the real command center with the
/// demo monitoring client's API key; PromQL over its HTTP API sees what real MQTT traffic did.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class PrometheusScrapeTests(ConsoleHostFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string Accepted = "sum(commandcenter_ingest_accepted_total{job=\"commandcenter\"})";

    [Fact]
    public async Task AfterRealTraffic_PromQlSeesAcceptedMessagesAndRejectsByReason()
    {
        var host = fixture.Host;
        await using var prometheus = await PrometheusServer.StartAsync(
            new Uri($"{host.BaseUrl}/metrics"), ConsoleSignIn.DemoApiKey(host.DataFolder, "monitoring"), TimeSpan.FromSeconds(1));
        var acceptedBefore = await ValueOnceScrapedAsync(prometheus, Accepted);
        var badJsonBefore = (await prometheus.QueryAsync(BadJson)).Sum(s => s.Value);

        var id = TestDevices.NextElevator();
        await using (var device = await MqttTestClient.ConnectAsync(host.MqttPort, id))
        {
            for (var seq = 1; seq <= 5; seq++)
            {
                (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, seq))).IsSuccess.ShouldBeTrue();
            }

            for (var bad = 0; bad < 2; bad++)
            {
                (await device.PublishAsync(Topics.ElevatorStatus(id), "{\"floor\": 3")).IsSuccess.ShouldBeFalse();
            }
        }

        await Eventually.TrueAsync(
            async () => await SumAsync(prometheus, Accepted) >= acceptedBefore + 5 && await SumAsync(prometheus, BadJson) >= badJsonBefore + 2,
            Deadline,
            $"Prometheus to see 5 more accepted and 2 more BadJson rejects (targets: {await prometheus.TargetHealthAsync()})");
    }

    private const string BadJson = "commandcenter_ingest_rejected_total{job=\"commandcenter\",reason=\"BadJson\"}";

    private static async Task<double> SumAsync(PrometheusServer prometheus, string promQl) => (await prometheus.QueryAsync(promQl)).Sum(s => s.Value);

    /// <summary>The value once the first scrape landed (until then the query answers no series).</summary>
    private static async Task<double> ValueOnceScrapedAsync(PrometheusServer prometheus, string promQl) =>
        (await Eventually.ValueAsync(
            async () => (await prometheus.QueryAsync(promQl)).FirstOrDefault(),
            Deadline,
            $"Prometheus' first scrape of {promQl}"))!.Value;
}
