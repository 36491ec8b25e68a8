using System.Diagnostics;
using CommandCenter.Grains.Live;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Sequencing;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Telemetry;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Logging;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>
/// One message through ingest: validate, authorize, drop repeats, spool durably, apply to its grain.
/// It returns only when the message is on disk, so the broker acknowledges exactly what the command center holds.
/// Events and records are applied to their grains before that too; lift and escalator statuses, whose grains keep only
/// the newest in memory, are handed to the <see cref="StatusApplier"/> and applied right after, coalesced per device,
/// and read again from the spool if the process stops first. Refusals are dead-lettered with their reason.
/// </summary>
/// <remarks>
/// Events (faults and alarms) take the alarm lane: the spool writes them in its next group ahead of the statuses
/// waiting, and their grain call starts on the lane's thread instead of queueing in the thread pool behind
/// thousands of status continuations. The guarantee is the same: an event is acknowledged once fsync'd and applied.
/// </remarks>
public sealed class IngestPipeline(
    MessageDecoder decoder,
    MessageRouter router,
    StatusApplier statuses,
    IngestJournal journal,
    SequenceTracker sequences,
    DeadLetterStore deadLetters,
    DeviceRegistry registry,
    TimeSeriesWriter writer,
    MessageTraceSampler traceSampler,
    ILogger<IngestPipeline> logger)
{
    private long _accepted;
    private long _overloaded;
    private long _staleIgnored;

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Overloaded => Interlocked.Read(ref _overloaded);

    public Task<IngestOutcome> HandleAsync(IngestMessage message, CancellationToken cancellationToken)
    {
        var trace = IngestTracing.StartMessage(message.Topic, traceSampler);
        return trace is null ? ProcessAsync(message, null) : TracedAsync(message, trace);
    }

    private async Task<IngestOutcome> TracedAsync(IngestMessage message, Activity trace)
    {
        using (trace)
        {
            var outcome = await ProcessAsync(message, trace);
            trace.SetTag("commandcenter.ingest.result", outcome.Result.ToString());
            return outcome;
        }
    }

    private async Task<IngestOutcome> ProcessAsync(IngestMessage message, Activity? trace)
    {
        DecodeResult decoded;
        using (IngestTracing.StartStage(trace, "ingest.decode"))
        {
            decoded = decoder.Decode(message.Topic, message.Payload);
        }

        if (!decoded.IsAccepted)
        {
            await deadLetters.AddAsync(decoded, message.Topic, message.ClientId, message.Payload.Span);
            return new IngestOutcome(IngestResult.Rejected, $"{decoded.Reason}: {decoded.Detail}");
        }

        var wire = decoded.Message!;
        if (Authorize(message.Publisher, decoded.Kind, wire) is { } denial)
        {
            var refusal = DecodeResult.Reject(RejectReason.NotAuthorized, denial, wire.DeviceId, decoded.Kind);
            await deadLetters.AddAsync(refusal, message.Topic, message.ClientId, message.Payload.Span);
            return new IngestOutcome(IngestResult.NotAuthorized, $"{RejectReason.NotAuthorized}: {denial}");
        }

        if (sequences.IsDuplicate(wire, decoded.Kind))
        {
            return new IngestOutcome(IngestResult.Duplicate);
        }

        trace?.SetTag("commandcenter.device.id", wire.DeviceId);
        var appliedLater = StatusApplier.Takes(wire);
        var owes = appliedLater ? statuses.Owe() : 0;
        try
        {
            using (IngestTracing.StartStage(trace, "ingest.spool"))
            {
                await journal.AppendAsync(TimeSeriesPoints.ToLineProtocol(wire), urgent: wire is ElevatorEventReport);
            }
        }
        catch (Exception ex)
        {
            if (appliedLater)
            {
                statuses.Forgive(owes);
            }

            if (ex is not JournalFullException)
            {
                throw;
            }

            if (Interlocked.Increment(ref _overloaded) == 1)
            {
                logger.LogError("Turning devices away: {Reason}", ex.Message);
            }

            return new IngestOutcome(IngestResult.Overloaded, $"{IngestResult.Overloaded}: {ex.Message}");
        }

        if (appliedLater)
        {
            statuses.Submit(wire, owes, trace);
        }
        else
        {
            using (IngestTracing.StartStage(trace, "ingest.grain"))
            using (PushTracing.Carry(trace))
            {
                if (!await router.RouteAsync(wire))
                {
                    Interlocked.Increment(ref _staleIgnored);
                }
            }
        }

        sequences.MarkAccepted(wire, decoded.Kind);
        Interlocked.Increment(ref _accepted);
        return new IngestOutcome(IngestResult.Accepted);
    }

    /// <summary>
    /// Null when the message may be taken. The embedded broker names the signed-in publisher; behind an
    /// external broker the device the topic names must be registered with that kind of device, and an
    /// app's records must be for its own elevators and units, exactly as for a signed-in publisher.
    /// </summary>
    private string? Authorize(DeviceRegistration? publisher, MessageKind kind, IWireMessage wire)
    {
        if (publisher is null)
        {
            if (registry.AllowUnregistered)
            {
                return null;
            }

            if (!registry.TryGet(wire.DeviceId, out publisher))
            {
                return registry.RefusalOf(wire.DeviceId);
            }
        }

        return DeviceRegistry.Authorize(publisher, kind, wire);
    }

    public IngestStatistics GetStatistics() => new(
        Accepted,
        deadLetters.Total,
        sequences.TotalDuplicates,
        sequences.TotalMissing,
        Overloaded,
        Interlocked.Read(ref _staleIgnored) + statuses.StaleIgnored,
        writer.PointsWritten,
        journal.PendingLines,
        journal.PendingBytes,
        writer.IsStoreReachable,
        deadLetters.CountsByReason().ToDictionary(pair => pair.Key.ToString(), pair => pair.Value));
}
