using System.Collections.Concurrent;
using System.Diagnostics;
using CommandCenter.Grains.Live;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>
/// Applies lift and escalator statuses to their grains after they were acknowledged, newest first: a status is
/// acknowledged once it is fsync'd in the spool, and its device's grain gets the newest status of each
/// <see cref="StatusApplyOptions.CoalesceWindow"/>, one call at a time, so a status the next one replaces before its turn
/// costs no grain call at all. An elevator keeps only its newest status in memory, so nothing is lost by skipping one; the
/// time series has them all. Statuses not applied when the process stops are read from the spool at the next start
/// (<see cref="AppliedWatermark"/>); the grain ignores any it already has a newer status than.
/// </summary>
/// <remarks>
/// Events and records are not taken here: they change durable state (alarms, duties) and keep waiting for their grain
/// before they are acknowledged.
/// </remarks>
public sealed class StatusApplier : BackgroundService
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan MarkEvery = TimeSpan.FromSeconds(1);

    private readonly Func<IWireMessage, Task<bool>> _apply;
    private readonly IngestJournal _journal;
    private readonly AppliedWatermark _watermark;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ILogger<StatusApplier> _logger;
    private readonly ConcurrentDictionary<string, DeviceSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeviceSlot> _due = new();
    private readonly ConcurrentQueue<DeviceSlot> _retries = new();
    private long _applied;
    private long _superseded;
    private long _staleIgnored;
    private long _abandoned;

    public StatusApplier(MessageRouter router, IngestJournal journal, IOptions<StatusApplyOptions> options, TimeProvider time, ILogger<StatusApplier> logger)
        : this(router.RouteAsync, journal, options, time, logger)
    {
    }

    /// <param name="apply">Applies one status to its grain; false when the grain kept a newer one.</param>
    public StatusApplier(
        Func<IWireMessage, Task<bool>> apply, IngestJournal journal, IOptions<StatusApplyOptions> options, TimeProvider time, ILogger<StatusApplier> logger)
    {
        _apply = apply;
        _journal = journal;
        _window = options.Value.CoalesceWindow;
        _time = time;
        _logger = logger;
        _watermark = new AppliedWatermark(journal, journal.AppliedFrom);
    }

    /// <summary>Whether a message is acknowledged once spooled and applied here afterwards.</summary>
    public static bool Takes(IWireMessage message) => message is ElevatorStatusReport or EscalatorStatusReport;

    /// <summary>Statuses applied to their grains.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Statuses a newer one of their device replaced before their turn.</summary>
    public long Superseded => Interlocked.Read(ref _superseded);

    /// <summary>Statuses older than the one their grain (or their turn) already had: history only.</summary>
    public long StaleIgnored => Interlocked.Read(ref _staleIgnored);

    /// <summary>Statuses whose grain failed every attempt; the live picture waits for the device's next status.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Called before the status is spooled: the mark it owes until applied.</summary>
    public long Owe() => _watermark.Owe();

    /// <summary>The status was not spooled after all (the spool refused it).</summary>
    public void Forgive(long owed) => _watermark.Settle(owed);

    /// <summary>Takes a spooled, acknowledged status: its grain gets it, or a newer one of its device, at the next turn.</summary>
    public void Submit(IWireMessage status, long owed, Activity? trace = null)
    {
        var slot = _slots.GetOrAdd(status.DeviceId, static _ => new DeviceSlot());
        lock (slot)
        {
            if (slot.Waiting is { } waiting)
            {
                if (status.Ts < waiting.Ts)
                {
                    Interlocked.Increment(ref _staleIgnored);
                    _watermark.Settle(owed);
                    return;
                }

                Interlocked.Increment(ref _superseded);
                _watermark.Settle(slot.WaitingOwes);
            }

            slot.Waiting = status;
            slot.WaitingOwes = owed;
            slot.WaitingTrace = trace is { Recorded: true } ? trace.Id : null;
            if (!slot.Due && !slot.Applying)
            {
                slot.Due = true;
                _due.Enqueue(slot);
            }
        }
    }

    /// <summary>Takes up what the last run acknowledged and may not have applied, then starts the turns.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        Replay();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ticks = new PeriodicTimer(_window, _time);
        var nextMark = _time.GetUtcNow() + MarkEvery;
        try
        {
            while (await ticks.WaitForNextTickAsync(stoppingToken))
            {
                while (_due.TryDequeue(out var slot))
                {
                    _ = ApplyAsync(slot);
                }

                if (_time.GetUtcNow() >= nextMark)
                {
                    nextMark = _time.GetUtcNow() + MarkEvery;
                    RetryFailed();
                    MarkApplied();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still waiting owes its mark, so the next start reads it again from the spool.
        }
    }

    private async Task ApplyAsync(DeviceSlot slot)
    {
        IWireMessage status;
        long owes;
        string? trace;
        lock (slot)
        {
            status = slot.Waiting!;
            owes = slot.WaitingOwes;
            trace = slot.WaitingTrace;
            slot.Waiting = null;
            slot.Due = false;
            slot.Applying = true;
        }

        Exception? failure = null;
        try
        {
            using var span = trace is null ? null : IngestTracing.StartStageOf(trace, "ingest.grain");
            using (PushTracing.Carry(trace))
            {
                if (!await _apply(status))
                {
                    Interlocked.Increment(ref _staleIgnored);
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        lock (slot)
        {
            slot.Applying = false;
            if (failure is null)
            {
                slot.Failures = 0;
                Interlocked.Increment(ref _applied);
                _watermark.Settle(owes);
            }
            else if (slot.Waiting is not null)
            {
                // A newer status takes this one's place.
                Interlocked.Increment(ref _superseded);
                _watermark.Settle(owes);
            }
            else if (++slot.Failures >= MaxAttempts)
            {
                slot.Failures = 0;
                Interlocked.Increment(ref _abandoned);
                _watermark.Settle(owes);
                _logger.LogError(failure, "Status {Seq} of {Device} could not be applied after {Attempts} attempts; its live state waits for the next status", status.Seq, status.DeviceId, MaxAttempts);
            }
            else
            {
                slot.Waiting = status;
                slot.WaitingOwes = owes;
                slot.WaitingTrace = trace;
                slot.Due = true;
                _retries.Enqueue(slot);
                if (slot.Failures == 1)
                {
                    _logger.LogWarning(failure, "Status {Seq} of {Device} could not be applied; trying again every {Interval} s", status.Seq, status.DeviceId, MarkEvery.TotalSeconds);
                }

                return;
            }

            if (slot.Waiting is not null)
            {
                slot.Due = true;
                _due.Enqueue(slot);
            }
        }
    }

    private void RetryFailed()
    {
        for (var count = _retries.Count; count > 0 && _retries.TryDequeue(out var slot); count--)
        {
            _due.Enqueue(slot);
        }
    }

    private void MarkApplied()
    {
        if (_watermark.Advance() is { } safe)
        {
            try
            {
                _journal.MarkApplied(safe);
            }
            catch (IOException ex)
            {
                // The older mark stands: a restart reads a few more statuses again, which their grains ignore.
                _logger.LogWarning(ex, "Could not record in the spool which statuses were applied");
            }
        }
    }

    /// <summary>The newest status of each device the last run acknowledged and may not have applied.</summary>
    private void Replay()
    {
        var newest = new Dictionary<string, IWireMessage>(StringComparer.Ordinal);
        foreach (var line in _journal.ReadSinceApplied())
        {
            if (StatusLines.TryRead(line) is { } status && (!newest.TryGetValue(status.DeviceId, out var known) || status.Ts >= known.Ts))
            {
                newest[status.DeviceId] = status;
            }
        }

        foreach (var status in newest.Values)
        {
            Submit(status, Owe());
        }

        if (newest.Count > 0)
        {
            _logger.LogInformation("Applying again the newest spooled status of {Devices} devices, acknowledged before the last stop", newest.Count);
        }
    }

    /// <summary>One device's place in line; locked while its fields change.</summary>
    private sealed class DeviceSlot
    {
        public IWireMessage? Waiting;
        public long WaitingOwes;
        public string? WaitingTrace;

        /// <summary>In the queue of the next turn (or of the next retry).</summary>
        public bool Due;

        /// <summary>A grain call for this device is under way; a status arriving meanwhile waits for it.</summary>
        public bool Applying;

        public int Failures;
    }
}
