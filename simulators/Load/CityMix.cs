using System.Diagnostics;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Load;

/// <summary>The city's baseline mix as one load process ran it; latencies are publish → PUBACK in microseconds.</summary>
/// <param name="Statuses">Elevator statuses: one every 10 s while a car runs.</param>
/// <param name="BerthMessages">Berth sensor reports: arrivals, departures and heartbeats.</param>
/// <param name="EscalatorStatuses">Escalator messages: statuses on every change and as a heartbeat (escalators raise no faults in the load).</param>
/// <param name="Events">Alarm-button events raised and cleared (the trapped passengers are timed apart, in the load's alarm figures).</param>
/// <param name="CpuSeconds">The load process's own CPU time over the mix.</param>
public sealed record MixResult(
    double Seconds, long Sent, long Statuses, long BerthMessages, long EscalatorStatuses, long Events, long Acknowledged, long Rejected, long NotSent,
    double AchievedRate, long P50, long P95, long P99, long Max, double CpuSeconds = 0);

/// <summary>
/// A berth sensor or escalator of the load: its session's credential, its model as the run verb builds it
/// (<see cref="Parking.BerthSensor"/>, <see cref="Escalators.EscalatorDevice"/>) and its sequence numbers.
/// </summary>
public sealed record ModelledDevice(DemoCredential Credential, IDeviceModel Model, SequenceCounter Sequences);

/// <summary>
/// One session of the mix with its own outbox: what the device produces while a publish is still awaiting its PUBACK
/// waits its turn, so the session has one publish in flight and its sequence numbers stay in order.
/// </summary>
public class MixSession(DeviceConnection connection)
{
    private readonly Queue<OutgoingMessage> _outbox = new();
    private bool _sending;

    public DeviceConnection Connection => connection;

    /// <summary>Queues a message; true when no sender is running for this session and the caller must start one.</summary>
    internal bool Enqueue(OutgoingMessage message)
    {
        lock (_outbox)
        {
            _outbox.Enqueue(message);
            if (_sending)
            {
                return false;
            }

            _sending = true;
            return true;
        }
    }

    /// <summary>The next queued message; false (and the sender ends) when there is none.</summary>
    internal bool TryTake(out OutgoingMessage message)
    {
        lock (_outbox)
        {
            if (_outbox.TryDequeue(out message!))
            {
                return true;
            }

            _sending = false;
            return false;
        }
    }
}

/// <summary>A lift of the load with its session: the mix steps its model and reports while the car runs.</summary>
public sealed class ElevatorSession(ElevatorModel model, DeviceConnection connection, SequenceCounter sequences) : MixSession(connection)
{
    public ElevatorModel Model => model;

    public SequenceCounter Sequences => sequences;

    internal DateTimeOffset LastStatus { get; set; }

    /// <summary>When the alarm-button event it raised is cleared; null when none is raised.</summary>
    internal DateTimeOffset? ClearAt { get; set; }
}

/// <summary>A berth sensor or escalator of the load with its session.</summary>
public sealed class ModelledSession(DeviceKind kind, IDeviceModel model, DeviceConnection connection) : MixSession(connection)
{
    public DeviceKind Kind => kind;

    public IDeviceModel Model => model;
}

/// <summary>
/// The city's baseline mix (ARCHITECTURE.md: status every 10 s while a car runs, events as they occur, berth changes
/// as they occur): every second each lift's model (<see cref="ElevatorModel"/>: idle, doors, travel) advances and a
/// running car reports if its last status is 10 s old; alarm-button events are raised at
/// <see cref="LoadPlan.EventsPerElevatorHour"/> and cleared 30 s later; each berth sensor advances on its lot's
/// day/night curve and reports arrivals, departures and heartbeats; each escalator reports its changes and heartbeats; trapped passengers are raised on the alarm lifts,
/// spread over the mix. The rate is what the city produces, not a target.
/// </summary>
public sealed class CityMix(
    LoadPlan plan,
    TimeProvider time,
    TextWriter output,
    IReadOnlyList<ElevatorSession> elevators,
    IReadOnlyList<ModelledSession> others,
    Func<ElevatorSession, CancellationToken, Task> trap)
{
    /// <summary>A running car's status interval.</summary>
    public static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(10);

    /// <summary>How long an alarm-button event stays raised before the device clears it.</summary>
    private static readonly TimeSpan EventHeldFor = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DrainAtMost = TimeSpan.FromSeconds(15);

    private readonly PublishStatistics _counts = new();
    private readonly LatencyHistogram _latency = new();
    private long _sent;
    private long _statuses;
    private long _berthMessages;
    private long _escalatorStatuses;
    private long _events;
    private long _inFlight;

    public async Task<MixResult> RunAsync(IReadOnlyList<ElevatorSession> alarmLifts, CancellationToken cancellationToken)
    {
        output.WriteLine(
            $"Publishing the city's baseline mix for {plan.Mix.TotalSeconds:F0} s: {elevators.Count} lifts (a status every {StatusEvery.TotalSeconds:F0} s while the car runs, " +
            $"{plan.EventsPerElevatorHour} alarm-button events per lift-hour), " +
            $"{others.Count(o => o.Kind == DeviceKind.Berth)} berth sensors (arrivals, departures, heartbeats), {others.Count(o => o.Kind == DeviceKind.Escalator)} escalators" +
            (alarmLifts.Count > 0 ? $", and {alarmLifts.Count} trapped-passenger alarms" : ""));
        var random = new Random(plan.Seed);
        var start = time.GetUtcNow();
        // Each lift last reported somewhere in the past 10 s, so running cars do not report in lockstep.
        foreach (var lift in elevators)
        {
            lift.LastStatus = start - (StatusEvery * random.NextDouble());
        }

        // A device's first step reports the state it starts in: that was reported before the mix, not part of it.
        var scratch = new List<OutgoingMessage>();
        foreach (var device in others)
        {
            device.Model.Step(start, scratch);
        }

        var alarmSet = alarmLifts.ToHashSet();
        var eventChance = plan.EventsPerElevatorHour / 3600 * Tick.TotalSeconds;
        var alarmsRaised = 0;
        var started = time.GetTimestamp();
        var elapsed = TimeSpan.Zero;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            for (; elapsed < plan.Mix; elapsed = time.GetElapsedTime(started))
            {
                var now = time.GetUtcNow();
                foreach (var lift in elevators)
                {
                    scratch.Clear();
                    StepLift(lift, now, eventChance > 0 && !alarmSet.Contains(lift) && random.NextDouble() < eventChance, scratch);
                    SendAll(lift, scratch, cancellationToken);
                }

                foreach (var device in others)
                {
                    scratch.Clear();
                    device.Model.Step(now, scratch);
                    SendAll(device, scratch, cancellationToken);
                }

                // Alarm k is due at (k + 1/2) / count of the mix, so alarms sample the whole mix evenly.
                for (; alarmsRaised < alarmLifts.Count && elapsed >= plan.Mix * ((alarmsRaised + 0.5) / alarmLifts.Count); alarmsRaised++)
                {
                    Interlocked.Increment(ref _inFlight);
                    _ = TrapAsync(alarmLifts[alarmsRaised], cancellationToken);
                }

                WriteProgress(elapsed);
                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stop issuing and report what was done.
        }

        var drain = time.GetTimestamp();
        while (Interlocked.Read(ref _inFlight) > 0 && time.GetElapsedTime(drain) < DrainAtMost)
        {
            await Task.Delay(Tick / 10, time);
        }

        WriteProgress(elapsed + time.GetElapsedTime(drain));
        var sent = Interlocked.Read(ref _sent);
        return new MixResult(
            elapsed.TotalSeconds, sent, Interlocked.Read(ref _statuses), Interlocked.Read(ref _berthMessages), Interlocked.Read(ref _escalatorStatuses), Interlocked.Read(ref _events),
            _counts.Acknowledged, _counts.Rejected, _counts.NotSent, elapsed > TimeSpan.Zero ? sent / elapsed.TotalSeconds : 0,
            _latency.Percentile(50), _latency.Percentile(95), _latency.Percentile(99), _latency.MaxMicroseconds);
    }

    /// <summary>
    /// Advances a lift one second and appends what it sends: the alarm-button event it clears (when due) or raises
    /// (when <paramref name="raiseEvent"/>), and a status while the car runs and its last one is 10 s old.
    /// </summary>
    internal static void StepLift(ElevatorSession lift, DateTimeOffset now, bool raiseEvent, List<OutgoingMessage> outbox)
    {
        lift.Model.Step();
        if (lift.ClearAt is { } clearAt && now >= clearAt)
        {
            lift.ClearAt = null;
            outbox.Add(OutgoingMessage.Of(lift.Model.Clear(now)));
        }
        else if (raiseEvent && lift.ClearAt is null && lift.Model.ActiveFault is null)
        {
            lift.ClearAt = now + EventHeldFor;
            outbox.Add(OutgoingMessage.Of(lift.Model.Raise(FaultCodes.AlarmButton, now)));
        }

        if (lift.Model.IsRunning && now - lift.LastStatus >= StatusEvery)
        {
            lift.LastStatus = now;
            outbox.Add(OutgoingMessage.Of(lift.Model.Report(now)));
        }
    }

    /// <summary>Counts each message by what it is and queues it on its session.</summary>
    private void SendAll(MixSession session, List<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            switch (message.Kind)
            {
                case MessageKind.ElevatorStatus:
                    Interlocked.Increment(ref _statuses);
                    break;
                case MessageKind.ElevatorEvent:
                    Interlocked.Increment(ref _events);
                    break;
                case MessageKind.BerthState:
                    Interlocked.Increment(ref _berthMessages);
                    break;
                default:
                    Interlocked.Increment(ref _escalatorStatuses);
                    break;
            }

            Interlocked.Increment(ref _sent);
            if (session.Enqueue(message))
            {
                Interlocked.Increment(ref _inFlight);
                _ = SendQueuedAsync(session, cancellationToken);
            }
        }
    }

    /// <summary>Publishes a session's queued messages one after another, each timed to its PUBACK.</summary>
    private async Task SendQueuedAsync(MixSession session, CancellationToken cancellationToken)
    {
        try
        {
            while (session.TryTake(out var message))
            {
                var started = Stopwatch.GetTimestamp();
                var outcome = PublishOutcome.NotSent;
                try
                {
                    outcome = await session.Connection.PublishAsync(message, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: counted as not sent.
                }

                if (outcome != PublishOutcome.NotSent)
                {
                    _latency.RecordElapsed(started, Stopwatch.GetTimestamp());
                }

                _counts.Record(outcome);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task TrapAsync(ElevatorSession lift, CancellationToken cancellationToken)
    {
        try
        {
            await trap(lift, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void WriteProgress(TimeSpan elapsed) =>
        output.WriteLine(
            $"t+{elapsed.TotalSeconds,3:F0}s mix: sent {Interlocked.Read(ref _sent)} (statuses {Interlocked.Read(ref _statuses)}, berths {Interlocked.Read(ref _berthMessages)}, escalators {Interlocked.Read(ref _escalatorStatuses)}, " +
            $"events {Interlocked.Read(ref _events)}), acked {_counts.Acknowledged}, rejected {_counts.Rejected}, not sent {_counts.NotSent}, in flight {Interlocked.Read(ref _inFlight)}");
}
