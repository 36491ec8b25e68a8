using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Mqtt;

namespace CommandCenter.Simulators.Elevators;

/// <summary>Runs the simulated elevators of a demo city: one MQTT session per device, one step per second.</summary>
public sealed class ElevatorFleet(SimulatorOptions options, TimeProvider time, TextWriter output)
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private long _acknowledged;
    private long _rejected;
    private long _unsent;

    /// <summary>Demo device ids: EL-0001, EL-0002, …</summary>
    public static string DeviceIdFor(int index) => $"EL-{index + 1:D4}";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var devices = Enumerable.Range(0, options.Elevators)
            .Select(i => new SimulatedElevator(
                new ElevatorModel(DeviceIdFor(i), lowestFloor: -2, topFloor: 6 + (i * 7 % 27), new Random(HashCode.Combine(options.Seed, i))),
                new DeviceConnection(DeviceIdFor(i), options.Host, options.Port)))
            .ToArray();
        output.WriteLine($"Simulating {devices.Length} elevators against mqtt://{options.Host}:{options.Port} (seed {options.Seed})");

        var started = time.GetTimestamp();
        var lastProgress = started;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            do
            {
                await Task.WhenAll(devices.Select(device => StepAsync(device, cancellationToken)));
                if (time.GetElapsedTime(lastProgress) >= ProgressEvery)
                {
                    lastProgress = time.GetTimestamp();
                    WriteProgress(devices);
                }
            }
            while ((options.Duration is null || time.GetElapsedTime(started) < options.Duration)
                   && await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: fall through to the final report.
        }
        finally
        {
            WriteProgress(devices);
            foreach (var device in devices)
            {
                await device.Connection.DisposeAsync();
            }
        }
    }

    private async Task StepAsync(SimulatedElevator device, CancellationToken cancellationToken)
    {
        var changed = device.Model.Step();
        var now = time.GetUtcNow();
        if (!changed && now - device.LastPublished < TimeSpan.FromSeconds(options.HeartbeatSeconds))
        {
            return;
        }

        var outcome = await device.Connection.PublishStatusAsync(device.Model.Report(now), cancellationToken);
        device.LastPublished = now;
        switch (outcome)
        {
            case PublishOutcome.Acknowledged:
                Interlocked.Increment(ref _acknowledged);
                break;
            case PublishOutcome.Rejected:
                Interlocked.Increment(ref _rejected);
                break;
            default:
                Interlocked.Increment(ref _unsent);
                break;
        }
    }

    private void WriteProgress(SimulatedElevator[] devices)
    {
        output.WriteLine(
            $"{time.GetUtcNow():HH:mm:ss} acknowledged {Interlocked.Read(ref _acknowledged)}, rejected {Interlocked.Read(ref _rejected)}, " +
            $"not sent (broker unreachable) {Interlocked.Read(ref _unsent)}");
        if (devices.FirstOrDefault(d => d.Connection.LastRejection is not null) is { } rejected)
        {
            output.WriteLine($"  newest rejection ({rejected.Connection.DeviceId}): {rejected.Connection.LastRejection}");
        }

    }

    private sealed class SimulatedElevator(ElevatorModel model, DeviceConnection connection)
    {
        public ElevatorModel Model { get; } = model;

        public DeviceConnection Connection { get; } = connection;

        public DateTimeOffset LastPublished { get; set; } = DateTimeOffset.MinValue;
    }
}
