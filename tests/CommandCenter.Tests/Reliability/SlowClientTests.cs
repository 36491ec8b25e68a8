using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;

namespace CommandCenter.Tests.Reliability;

/// <summary>
/// The short version of the reliability suite's slow-client scenario: wall screens that stop reading
/// do not hold up the others. A stalled client's socket takes a few kilobytes; on the server side at
/// most the kernel's largest TCP send buffer (tcp_wmem max) and SignalR's and Kestrel's buffers (64 KB
/// each) can hold pushes for it. A healthy wall that receives more than all of that while the stalled
/// ones read nothing shows that pushes to it do not wait for them.
/// </summary>
public sealed class SlowClientTests
{
    private const int Devices = 200;

    /// <summary>The largest TCP send buffer the kernel here allows (4 MB by default) plus a megabyte for the server's own buffers.</summary>
    private static readonly long PushedBytesNeeded =
        long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_wmem").Split('\t', ' ').Last(s => s.Trim().Length > 0)) + (1 << 20);

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WallClientsThatStopReading_DoNotHoldUpAHealthyWallScreen()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        var ids = Enumerable.Range(0, Devices).Select(_ => TestDevices.NextElevator()).ToArray();
        var wallCookies = await host.CookiesOfAsync("wall");
        await using var stalledA = await StalledHubClient.JoinWallAsync(host.BaseUrl, wallCookies);
        await using var stalledB = await StalledHubClient.JoinWallAsync(host.BaseUrl, wallCookies);
        long receivedBytes = 0;
        var lastFloor = new Dictionary<string, int>();
        await using var healthy = new HubConnectionBuilder().WithUrl($"{host.BaseUrl}{LiveHubNames.Path}", o => o.Cookies = wallCookies).Build();
        healthy.On<JsonElement[]>(LiveHubNames.ElevatorsChanged, batch =>
        {
            foreach (var snapshot in batch)
            {
                Interlocked.Add(ref receivedBytes, snapshot.GetRawText().Length);
                var elevator = snapshot.Deserialize<LiveElevator>(JsonSerializerOptions.Web)!;
                lock (lastFloor)
                {
                    lastFloor[elevator.Id] = elevator.Status!.Floor;
                }
            }
        });
        await healthy.StartAsync(Cancel);
        await healthy.InvokeAsync<LiveElevator[]>(LiveHubNames.JoinWall, Cancel);

        // Every elevator publishes as fast as it is acknowledged until the healthy wall has been pushed enough.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        // One address may have only so many CONNECTs pending (Mqtt:Limits:MaxPendingPerAddress, 32): on a
        // loaded machine 200 at once would go over it, which is the listener's test, not this one's.
        using var connecting = new SemaphoreSlim(16);
        var publishing = ids.Select(id => Task.Run(async () =>
        {
            await connecting.WaitAsync(Cancel);
            MqttTestClient connected;
            try
            {
                connected = await MqttTestClient.ConnectAsync(host.MqttPort, id);
            }
            finally
            {
                connecting.Release();
            }

            await using var device = connected;
            for (var seq = 1L; !stop.IsCancellationRequested; seq++)
            {
                (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, seq, (int)(seq % 20) + 1))).IsSuccess.ShouldBeTrue();
            }
        })).ToArray();
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(Interlocked.Read(ref receivedBytes) >= PushedBytesNeeded), Deadline,
                $"{PushedBytesNeeded / (1 << 20)} MB of pushes to the healthy wall while two others read nothing");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(publishing);
        }

        // And the newest state still reaches it: one more floor change of the first elevator.
        var probe = ids[0];
        await using (var device = await MqttTestClient.ConnectAsync(host.MqttPort, probe))
        {
            (await device.PublishAsync(Topics.ElevatorStatus(probe), StatusJson.For(probe, 1_000_000_000, 33))).IsSuccess.ShouldBeTrue();
        }

        await Eventually.TrueAsync(
            () => Task.FromResult(Floor(lastFloor, probe) == 33),
            Deadline,
            $"floor 33 of {probe} on the healthy wall");
    }

    private static int? Floor(Dictionary<string, int> floors, string id)
    {
        lock (floors)
        {
            return floors.TryGetValue(id, out var floor) ? floor : null;
        }
    }
}
