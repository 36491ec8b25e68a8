using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Live;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Load;

/// <summary>What a load test is asked to do.</summary>
/// <param name="Host">MQTT broker host.</param>
/// <param name="Port">MQTT broker port.</param>
/// <param name="Rate">Target total rate, messages per second.</param>
/// <param name="Duration">How long to publish.</param>
/// <param name="Seed">Seeds the elevators' moves.</param>
public sealed record LoadPlan(string Host, int Port, int Rate, TimeSpan Duration, int Seed)
{
    /// <summary>Connect over TLS; null for plain TCP.</summary>
    public BrokerTls? Tls { get; init; }

    /// <summary>How long the city's baseline mix (<see cref="CityMix"/>) runs before the rate phase; zero for none.</summary>
    public TimeSpan Mix { get; init; }

    /// <summary>Alarm-button events per elevator and hour during the mix.</summary>
    public double EventsPerElevatorHour { get; init; }

    /// <summary>Local addresses the sessions are bound to, in turn; empty lets the system choose.</summary>
    public IReadOnlyList<IPAddress> SourceAddresses { get; init; } = [];

    /// <summary>After connecting, publishing waits until this file exists, so several load processes start together; null: at once.</summary>
    public string? StartWhen { get; init; }

    /// <summary>How long sessions that could not connect are retried before publishing starts without them.</summary>
    public TimeSpan ConnectDeadline { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A quiet session's ping interval.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>CONNECTs awaiting their CONNACK at once, at most.</summary>
    public int ConnectConcurrency { get; init; } = 32;
}

/// <summary>The outcome of a load test; latencies are publish → PUBACK in microseconds.</summary>
/// <param name="WallPush">Publish → wall push, when the live hub was watched.</param>
/// <param name="Alarm">Trapped-passenger publish → firm console, when alarms were raised.</param>
/// <param name="CpuSeconds">The load process's own CPU time (user + system) from its first publish to the end of the drain.</param>
/// <param name="Sessions">MQTT sessions asked for: elevators and berth sensors.</param>
/// <param name="Connected">Sessions connected when publishing began.</param>
/// <param name="ConnectSeconds">How long connecting them took.</param>
/// <param name="Mix">The city's baseline mix before the rate phase, when one ran; the other figures are the rate phase's.</param>
public sealed record LoadResult(
    long Sent, long Acknowledged, long Rejected, long NotSent, double AchievedRate, long P50, long P95, long P99, long Max,
    LatencySummary? WallPush = null, LatencySummary? Alarm = null, double CpuSeconds = 0,
    long Sessions = 0, long Connected = 0, double ConnectSeconds = 0, MixResult? Mix = null);

/// <summary>Percentiles of one latency in microseconds, and how many were measured out of how many expected.</summary>
public sealed record LatencySummary(long Measured, long Expected, long P50, long P95, long P99, long Max)
{
    public static LatencySummary Of(LatencyHistogram histogram, long expected) =>
        new(histogram.Count, expected, histogram.Percentile(50), histogram.Percentile(95), histogram.Percentile(99), histogram.MaxMicroseconds);
}

/// <summary>
/// Publishes elevator statuses from many devices at a total rate and measures publish → PUBACK latency.
/// Each device has at most one publish in flight (so its sequence numbers stay in order); when every
/// device is busy the test falls behind its target, which the achieved rate shows. With a
/// <paramref name="live"/> probe it also times what the live hub pushes, and raises a trapped-passenger
/// alarm on each of <paramref name="alarmElevators"/> (load devices), spread evenly over the run (over the
/// mix, when the plan has one). With a <see cref="LoadPlan.Mix"/>, the devices (and <paramref name="others"/>: berth sensors, escalators)
/// first run the city's baseline mix (<see cref="CityMix"/>), then the elevators the rate phase.
/// </summary>
public sealed class LoadTest(
    LoadPlan plan,
    IReadOnlyList<DemoCredential> elevators,
    TimeProvider time,
    TextWriter output,
    LiveLatencyProbe? live = null,
    IReadOnlyList<string>? alarmElevators = null,
    IReadOnlyList<ModelledDevice>? others = null)
{
    /// <summary>How long, after the last PUBACK, alarms still on their way to the firm console are waited for.</summary>
    private static readonly TimeSpan AlarmsAtMost = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DrainAtMost = TimeSpan.FromSeconds(15);

    private readonly PublishStatistics _counts = new();
    private readonly LatencyHistogram _latency = new();
    private readonly ConcurrentQueue<LoadDevice> _idle = new();
    private long _sent;
    private long _inFlight;

    public async Task<LoadResult> RunAsync(CancellationToken cancellationToken)
    {
        // The sessions' counters include the "online" presences; the load's own counters only its statuses.
        var sessions = new PublishStatistics();
        using var broker = new BrokerLink(plan.Host, plan.Port, sessions, time, plan.ConnectConcurrency) { Tls = plan.Tls, KeepAlive = plan.KeepAlive };
        var firstSeq = SequenceCounter.StartFor(time.GetUtcNow());
        var session = 0;
        IPAddress? NextSource() => plan.SourceAddresses.Count == 0 ? null : plan.SourceAddresses[session++ % plan.SourceAddresses.Count];
        var devices = elevators.Select(credential =>
        {
            var sequences = new SequenceCounter(firstSeq);
            var model = new ElevatorModel(credential.Id, -2, 20, StableHash.RandomFor(plan.Seed, credential.Id), sequences);
            return new LoadDevice(model, new DeviceConnection(credential, sequences, broker, NextSource()), sequences);
        }).ToArray();
        var otherSessions = (others ?? []).Select(other => new ModelledSession(
            other.Credential.Kind, other.Model, new DeviceConnection(other.Credential, other.Sequences, broker, NextSource()))).ToArray();
        try
        {
            var connectWatch = Stopwatch.StartNew();
            var connected = await ConnectAsync([.. devices.Select(d => d.Connection), .. otherSessions.Select(b => b.Connection)], sessions, cancellationToken);
            var connectSeconds = connectWatch.Elapsed.TotalSeconds;
            LoadResult Connected(LoadResult result) => result with { Sessions = devices.Length + otherSessions.Length, Connected = connected, ConnectSeconds = connectSeconds };
            if (connected == 0)
            {
                return Connected(Result(TimeSpan.Zero));
            }

            await WaitForStartAsync(cancellationToken);
            var alarmDevices = (alarmElevators ?? []).Select(id => devices.Single(d => d.Model.DeviceId == id)).ToArray();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            MixResult? mix = null;
            if (plan.Mix > TimeSpan.Zero)
            {
                var city = new CityMix(plan, time, output, [.. devices.Select(d => d.Mix)], otherSessions, TrapAsync);
                mix = await city.RunAsync(alarmDevices.Select(d => d.Mix).ToArray(), cancellationToken) with
                {
                    CpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds,
                };
                cpuBefore = Environment.CpuUsage.TotalTime;
                alarmDevices = [];
            }

            Array.ForEach(devices, _idle.Enqueue);
            var publishing = await PublishAsync(alarmDevices, cancellationToken);
            await DrainAsync(publishing);
            if (sessions.NewestRejection is { } rejection)
            {
                output.WriteLine($"newest rejection {rejection}");
            }

            return Connected(Result(publishing) with { CpuSeconds = (Environment.CpuUsage.TotalTime - cpuBefore).TotalSeconds, Mix = mix });
        }
        finally
        {
            Array.ForEach(devices, d => d.Connection.Dispose());
            Array.ForEach(otherSessions, b => b.Connection.Dispose());
        }
    }

    /// <summary>
    /// Connects every session (the broker link caps concurrent CONNECTs), reporting each second, and retries those a busy
    /// broker did not take (with each session's back-off) until all are in or the plan's deadline has passed.
    /// </summary>
    private async Task<int> ConnectAsync(DeviceConnection[] connections, PublishStatistics sessions, CancellationToken cancellationToken)
    {
        output.WriteLine($"Connecting {connections.Length} devices to {(plan.Tls is null ? "mqtt" : "mqtts")}://{plan.Host}:{plan.Port}" +
            (plan.SourceAddresses.Count > 0 ? $" from {string.Join(", ", plan.SourceAddresses)}" : "") + " ...");
        var started = time.GetTimestamp();
        var pending = connections;
        while (true)
        {
            var connecting = Task.WhenAll(pending.Select(c => c.EnsureConnectedAsync(cancellationToken)));
            while (await Task.WhenAny(connecting, Task.Delay(ProgressEvery, time, cancellationToken)) != connecting)
            {
                output.WriteLine($"  connected {connections.Count(c => c.IsConnected)}/{connections.Length}");
            }

            await connecting;
            pending = [.. connections.Where(c => !c.IsConnected)];
            // A broker that took none is not there (or refuses every device): no point waiting for it.
            if (pending.Length == 0 || pending.Length == connections.Length || time.GetElapsedTime(started) >= plan.ConnectDeadline)
            {
                break;
            }

            // The ones refused are backing off: try again when the soonest may.
            await Task.Delay(ProgressEvery, time, cancellationToken);
        }

        var connected = connections.Length - pending.Length;
        output.WriteLine($"  connected {connected}/{connections.Length}");
        if (connected < connections.Length && sessions.NewestConnectFailure is { } failure)
        {
            output.WriteLine($"  newest connect failure {failure}");
        }

        output.WriteLine($"Connected {connected}/{connections.Length} in {time.GetElapsedTime(started).TotalSeconds:F1} s");
        return connected;
    }

    /// <summary>Waits for the plan's start file, so that several load processes that connected at their own pace publish together.</summary>
    private async Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        if (plan.StartWhen is not { } file)
        {
            return;
        }

        output.WriteLine($"Waiting for {file} ...");
        while (!File.Exists(file))
        {
            await Task.Delay(ProgressEvery / 10, time, cancellationToken);
        }
    }

    /// <summary>Issues statuses at the target rate, and the alarms on schedule, until the duration is over; returns how long it published.</summary>
    private async Task<TimeSpan> PublishAsync(IReadOnlyList<LoadDevice> alarmDevices, CancellationToken cancellationToken)
    {
        output.WriteLine($"Publishing {plan.Rate} statuses/s for {plan.Duration.TotalSeconds:F0} s" +
            (alarmDevices.Count > 0 ? $", and {alarmDevices.Count} trapped-passenger alarms" : ""));
        var alarmsRaised = 0;
        var started = time.GetTimestamp();
        var nextProgress = ProgressEvery;
        long sentAtLastProgress = 0;
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            for (var elapsed = TimeSpan.Zero; elapsed < plan.Duration; elapsed = time.GetElapsedTime(started))
            {
                var due = (long)(plan.Rate * elapsed.TotalSeconds) - Interlocked.Read(ref _sent);
                for (; due > 0 && _idle.TryDequeue(out var device); due--)
                {
                    Interlocked.Increment(ref _sent);
                    Interlocked.Increment(ref _inFlight);
                    _ = PublishOneAsync(device, cancellationToken);
                }

                // Alarm k is due at (k + 1/2) / count of the run, so alarms sample the whole load evenly.
                for (; alarmsRaised < alarmDevices.Count && elapsed >= plan.Duration * ((alarmsRaised + 0.5) / alarmDevices.Count); alarmsRaised++)
                {
                    Interlocked.Increment(ref _inFlight);
                    _ = RaiseAlarmAsync(alarmDevices[alarmsRaised].Mix, cancellationToken);
                }

                if (elapsed >= nextProgress)
                {
                    var sent = Interlocked.Read(ref _sent);
                    WriteProgress(elapsed, $"rate {sent - sentAtLastProgress}/s");
                    sentAtLastProgress = sent;
                    nextProgress += ProgressEvery;
                }

                await timer.WaitForNextTickAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: stop issuing and report what was done.
        }

        return time.GetElapsedTime(started);
    }

    /// <summary>Waits (bounded) for the PUBACKs of the publishes still in flight, then for alarms not yet on the firm console.</summary>
    private async Task DrainAsync(TimeSpan publishing)
    {
        var started = time.GetTimestamp();
        while (Interlocked.Read(ref _inFlight) > 0 && time.GetElapsedTime(started) < DrainAtMost)
        {
            await Task.Delay(ProgressEvery / 10, time);
        }

        var acknowledged = time.GetTimestamp();
        while (live is { AlarmsOutstanding: > 0 } && time.GetElapsedTime(acknowledged) < AlarmsAtMost)
        {
            await Task.Delay(ProgressEvery / 10, time);
        }

        WriteProgress(publishing + time.GetElapsedTime(started), "done");
    }

    private async Task PublishOneAsync(LoadDevice device, CancellationToken cancellationToken)
    {
        try
        {
            device.Model.Step();
            var report = device.Model.Report(time.GetUtcNow());
            var message = OutgoingMessage.Of(report);
            var started = Stopwatch.GetTimestamp();
            live?.Published(report.DeviceId, report.Seq, started);
            var outcome = await device.Connection.PublishAsync(message, cancellationToken);
            var finished = Stopwatch.GetTimestamp();
            if (outcome != PublishOutcome.NotSent)
            {
                _latency.RecordElapsed(started, finished);
            }

            _counts.Record(outcome);
        }
        catch (OperationCanceledException)
        {
            _counts.Record(PublishOutcome.NotSent);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _idle.Enqueue(device);
        }
    }

    /// <summary>
    /// Publishes a trapped passenger (fault 11) on the device's own session, beside its statuses. The
    /// report is built here rather than by the elevator model, which the status publishes step on another thread.
    /// </summary>
    private async Task RaiseAlarmAsync(ElevatorSession device, CancellationToken cancellationToken)
    {
        try
        {
            await TrapAsync(device, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>The trapped passenger itself, timed by the live probe from its publish to the firm console.</summary>
    private async Task TrapAsync(ElevatorSession device, CancellationToken cancellationToken)
    {
        try
        {
            var id = device.Model.DeviceId;
            var report = new ElevatorEventReport(
                ElevatorStatusReport.CurrentSchema, id, device.Sequences.Next(MessageKind.ElevatorEvent), time.GetUtcNow(),
                FaultCodes.TrappedPassenger, EventState.Raised, device.Model.Floor);
            live?.AlarmRaised(id, Stopwatch.GetTimestamp());
            var outcome = await device.Connection.PublishAsync(OutgoingMessage.Of(report), cancellationToken);
            if (outcome != PublishOutcome.Acknowledged)
            {
                output.WriteLine($"  alarm of {id} not acknowledged: {outcome}");
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the alarm counts as not seen.
        }
    }

    private void WriteProgress(TimeSpan elapsed, string rate) =>
        output.WriteLine(
            $"t+{elapsed.TotalSeconds,3:F0}s sent {Interlocked.Read(ref _sent)}, acked {_counts.Acknowledged}, rejected {_counts.Rejected}, " +
            $"not sent {_counts.NotSent}, in flight {Interlocked.Read(ref _inFlight)}, {rate}");

    private LoadResult Result(TimeSpan publishing)
    {
        var sent = Interlocked.Read(ref _sent);
        return new LoadResult(
            sent,
            _counts.Acknowledged,
            _counts.Rejected,
            _counts.NotSent,
            publishing > TimeSpan.Zero ? sent / publishing.TotalSeconds : 0,
            _latency.Percentile(50),
            _latency.Percentile(95),
            _latency.Percentile(99),
            _latency.MaxMicroseconds,
            live is null ? null : LatencySummary.Of(live.WallLatency, live.StatusesPushed),
            live is { AlarmsExpected: > 0 } ? LatencySummary.Of(live.AlarmLatency, live.AlarmsExpected) : null);
    }

    private sealed record LoadDevice(ElevatorModel Model, DeviceConnection Connection, SequenceCounter Sequences)
    {
        /// <summary>The same lift and session as the mix drives them.</summary>
        public ElevatorSession Mix { get; } = new(Model, Connection, Sequences);
    }
}
