using System.Collections.Concurrent;
using System.Diagnostics;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Load;
using CommandCenter.Testing;
using MQTTnet.Exceptions;

namespace CommandCenter.Reliability;

/// <summary>
/// Elevators of the test registry publishing statuses (QoS 1) at a steady rate, each on its own
/// session with one message in flight, as devices do: a message that is not acknowledged (broker
/// gone, session dropped) is sent again, same sequence number and time, after reconnecting. So the
/// acknowledged sequence numbers of a device are always 1..N, and nothing it stops retrying was acknowledged.
/// </summary>
public sealed class StatusLoad : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectEvery = TimeSpan.FromMilliseconds(500);

    private readonly Func<int> _port;
    private readonly TimeSpan _interval;
    private readonly Action<string, long, long>? _publishing;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private readonly List<Task> _devices;
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private long _refused;
    private long _retries;

    /// <param name="port">The MQTT port, read at each (re)connect: a restarted host may listen elsewhere.</param>
    /// <param name="publishing">Told (device, seq, <see cref="Stopwatch"/> timestamp) just before each publish, e.g. to time its push.</param>
    public StatusLoad(IReadOnlyList<string> deviceIds, Func<int> port, double messagesPerSecondEach, Action<string, long, long>? publishing = null)
    {
        _port = port;
        _publishing = publishing;
        _interval = TimeSpan.FromSeconds(1 / messagesPerSecondEach);
        DeviceIds = deviceIds;
        _devices = [.. deviceIds.Select(id => Task.Run(() => RunDeviceAsync(id)))];
    }

    public IReadOnlyList<string> DeviceIds { get; }

    /// <summary>Publish → PUBACK of acknowledged statuses.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Highest acknowledged sequence number of each device (all below it were acknowledged too).</summary>
    public IReadOnlyDictionary<string, long> Acknowledged => _acknowledged;

    public long TotalAcknowledged => _acknowledged.Values.Sum();

    /// <summary>Statuses the command center refused with a reason code (never expected: they are valid).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Publishes that failed for want of a session and were sent again.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Stops publishing; a message in flight finishes or is abandoned unacknowledged.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_devices);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunDeviceAsync(string id)
    {
        MqttTestClient? client = null;
        var seq = 1L;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                client ??= await ConnectAsync(id);
                if (client is null)
                {
                    continue;
                }

                // Same seq, same ts on every retry: a repeat is then the same point, not a new one.
                var payload = StatusJson.For(id, seq, (int)(seq % 20) + 1, _start.AddMilliseconds(seq));
                var started = Stopwatch.GetTimestamp();
                _publishing?.Invoke(id, seq, started);
                try
                {
                    var ack = await client.PublishAsync(Topics.ElevatorStatus(id), payload);
                    if (ack.IsSuccess)
                    {
                        Latency.RecordElapsed(started, Stopwatch.GetTimestamp());
                        _acknowledged[id] = seq++;
                    }
                    else
                    {
                        Interlocked.Increment(ref _refused);
                    }
                }
                catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
                {
                    Interlocked.Increment(ref _retries);
                    await DisposeQuietlyAsync(client);
                    client = null;
                    continue;
                }

                await Task.Delay(_interval, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopped between two messages.
        }
        finally
        {
            if (client is not null)
            {
                await DisposeQuietlyAsync(client);
            }
        }
    }

    private async Task<MqttTestClient?> ConnectAsync(string id)
    {
        try
        {
            return await MqttTestClient.ConnectAsync(_port(), id);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or MqttConnectionRefusedException or OperationCanceledException or InvalidOperationException)
        {
            try
            {
                await Task.Delay(ReconnectEvery, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }

            return null;
        }
    }

    private static async Task DisposeQuietlyAsync(MqttTestClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The session is gone already.
        }
    }
}
