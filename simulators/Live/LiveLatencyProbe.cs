using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CommandCenter.Simulators.Load;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Simulators.Live;

/// <summary>
/// Watches the command center's live hub while a load runs, as its signed-in users do: a wall
/// screen (<c>JoinWall</c>) and, optionally, one maintenance firm's console (<c>JoinFirm</c>). It
/// matches what they are pushed to what the load published: a status by (device, seq) to the
/// <c>elevatorsChanged</c> batch that carries it, and a trapped-passenger event by elevator to the
/// firm's <c>alarmChanged</c>. The wall gets each elevator's newest state in coalesced batches, so only
/// statuses still newest when a batch left are matched; older ones are superseded and skipped.
/// </summary>
public sealed class LiveLatencyProbe : IAsyncDisposable
{
    private readonly Dictionary<string, ConcurrentQueue<(long Seq, long At)>> _published;
    private readonly ConcurrentDictionary<string, long> _alarmsRaised = new(StringComparer.Ordinal);
    private readonly List<HubConnection> _connections = [];
    private long _statusesPushed;
    private long _alarmsExpected;

    private LiveLatencyProbe(IEnumerable<string> deviceIds) =>
        _published = deviceIds.ToDictionary(id => id, _ => new ConcurrentQueue<(long, long)>(), StringComparer.Ordinal);

    /// <summary>Publish → wall push, for the statuses the wall was pushed.</summary>
    public LatencyHistogram WallLatency { get; } = new();

    /// <summary>Trapped-passenger event publish → the alarm on the firm console.</summary>
    public LatencyHistogram AlarmLatency { get; } = new();

    /// <summary>Elevator states the wall was pushed (matched or not).</summary>
    public long StatusesPushed => Interlocked.Read(ref _statusesPushed);

    /// <summary>Alarms raised for the firm console to see.</summary>
    public long AlarmsExpected => Interlocked.Read(ref _alarmsExpected);

    /// <summary>Alarms raised that the firm console has not been pushed yet.</summary>
    public int AlarmsOutstanding => _alarmsRaised.Count;

    /// <summary>
    /// Joins the wall as the signed-in <paramref name="wallUser"/> (the hub takes no anonymous
    /// connections) and, when a firm user is given, that firm's console; both get their snapshot first.
    /// </summary>
    public static async Task<LiveLatencyProbe> ConnectAsync(
        Uri baseUrl, IEnumerable<string> deviceIds, CookieContainer wallUser, CookieContainer? firmUser, CancellationToken cancellationToken)
    {
        var probe = new LiveLatencyProbe(deviceIds);
        try
        {
            var wall = await probe.StartAsync(baseUrl, wallUser, cancellationToken);
            wall.On<LiveElevator[]>(LiveHubNames.ElevatorsChanged, probe.OnElevatorsChanged);
            await wall.InvokeAsync<LiveElevator[]>(LiveHubNames.JoinWall, cancellationToken);
            if (firmUser is not null)
            {
                var firm = await probe.StartAsync(baseUrl, firmUser, cancellationToken);
                firm.On<LiveAlarm>(LiveHubNames.AlarmChanged, probe.OnAlarmChanged);
                await firm.InvokeCoreAsync<LiveFirm>(LiveHubNames.JoinFirm, [null], cancellationToken);
            }

            return probe;
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }
    }

    /// <summary>Called just before a status is published; <paramref name="at"/> is a <see cref="Stopwatch"/> timestamp.</summary>
    public void Published(string deviceId, long seq, long at)
    {
        if (_published.TryGetValue(deviceId, out var queue))
        {
            queue.Enqueue((seq, at));
        }
    }

    /// <summary>Called just before a trapped-passenger event of <paramref name="elevatorId"/> is published.</summary>
    public void AlarmRaised(string elevatorId, long at)
    {
        _alarmsRaised[elevatorId] = at;
        Interlocked.Increment(ref _alarmsExpected);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<HubConnection> StartAsync(Uri baseUrl, CookieContainer user, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, LiveHubNames.Path), options => options.Cookies = user)
            .Build();
        _connections.Add(connection);
        await connection.StartAsync(cancellationToken);
        return connection;
    }

    /// <summary>SignalR runs one handler at a time per connection, so each device's queue has one reader.</summary>
    private void OnElevatorsChanged(LiveElevator[] batch)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _statusesPushed, batch.Length);
        foreach (var snapshot in batch)
        {
            // The probe times the lift statuses it published itself.
            if (!_published.TryGetValue(snapshot.Id, out var queue) || snapshot.Status is not { } status)
            {
                continue;
            }

            var seq = status.Seq;
            while (queue.TryPeek(out var oldest) && oldest.Seq < seq)
            {
                queue.TryDequeue(out _);
            }

            if (queue.TryPeek(out var pushed) && pushed.Seq == seq && queue.TryDequeue(out _))
            {
                WallLatency.RecordElapsed(pushed.At, now);
            }
        }
    }

    private void OnAlarmChanged(LiveAlarm alarm)
    {
        var now = Stopwatch.GetTimestamp();
        if (_alarmsRaised.TryRemove(alarm.ElevatorId, out var raisedAt))
        {
            AlarmLatency.RecordElapsed(raisedAt, now);
        }
    }
}
