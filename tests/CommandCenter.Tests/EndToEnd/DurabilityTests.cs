using System.Net;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>Nothing acknowledged is lost: not when InfluxDB goes away under load, not when the host is killed.</summary>
public sealed class DurabilityTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task InfluxDbStoppedUnderLoad_EverySequenceNumberArrivesExactlyOnce()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        var devices = Enumerable.Range(0, 4).Select(_ => TestDevices.NextElevator()).ToArray();
        var clients = await Task.WhenAll(devices.Select(id => MqttTestClient.ConnectAsync(host.MqttPort, id)));
        const int PerDevice = 150;
        var start = DateTimeOffset.UtcNow;

        for (var seq = 1; seq <= PerDevice; seq++)
        {
            if (seq == 50)
            {
                await influx.KillAsync();
            }

            if (seq == 120)
            {
                await influx.StartAgainAsync();
            }

            var acks = await Task.WhenAll(clients.Select((client, i) =>
                client.PublishAsync(Topics.ElevatorStatus(devices[i]), StatusJson.For(devices[i], seq, seq % 20 + 1, start.AddMilliseconds(seq)))));
            acks.ShouldAllBe(ack => ack.IsSuccess);
        }

        foreach (var id in devices)
        {
            await AssertExactlyOnceAsync(influx, id, PerDevice);
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task HostKilledMidStream_NoAcknowledgedMessageIsLostAfterRestart()
    {
        await using var influx = await InfluxServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("cc-restart-").FullName;
        try
        {
            var id = TestDevices.NextElevator();
            var start = DateTimeOffset.UtcNow;
            var acknowledged = 0;
            await using (var host = await CommandCenterProcess.StartAsync(influx.Url, $"--Data:Path={data}"))
            {
                // Keep InfluxDB away so acknowledged points sit in the spool when the host dies.
                await influx.KillAsync();
                await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, id);
                for (var seq = 1; seq <= 100; seq++)
                {
                    (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, 2, start.AddMilliseconds(seq)))).IsSuccess.ShouldBeTrue();
                    acknowledged = seq;
                }

                await host.KillAsync();
            }

            await influx.StartAgainAsync();
            await using var restarted = await CommandCenterProcess.StartAsync(influx.Url, $"--Data:Path={data}");
            await using var again = await MqttTestClient.ConnectAsync(restarted.MqttPort, id);
            for (var seq = acknowledged + 1; seq <= 150; seq++)
            {
                (await again.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, 3, start.AddMilliseconds(seq)))).IsSuccess.ShouldBeTrue();
            }

            await AssertExactlyOnceAsync(influx, id, 150);
            (await restarted.Http.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task AssertExactlyOnceAsync(InfluxServer influx, string id, int expected)
    {
        var rows = await Eventually.ValueAsync(
            async () => await influx.QueryAsync("commandcenter", $"SELECT seq FROM elevator_status WHERE device_id = '{id}'") is { } r && r.Count >= expected ? r : null,
            Deadline,
            $"{expected} points of {id} in InfluxDB");
        rows.Select(r => r["seq"].GetInt64()).Order().ShouldBe(Enumerable.Range(1, expected).Select(i => (long)i), $"{id}: every sequence number exactly once");
    }
}
