using CommandCenter.Grains.Abstractions;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Validation;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>The outcome a publisher sees in its PUBACK.</summary>
public readonly record struct IngestOutcome(bool Accepted, string? RejectReason);

/// <summary>
/// Validates one message, then applies it to its grain and queues it for the time series. Returns
/// only when both have taken it, so the broker acknowledges what the command center really holds.
/// </summary>
public sealed class IngestPipeline(
    MessageDecoder decoder,
    IGrainFactory grains,
    TimeSeriesWriter writer,
    DeadLetterStore deadLetters)
{
    private long _accepted;
    private long _staleIgnored;

    public async Task<IngestOutcome> HandleAsync(string topic, ReadOnlyMemory<byte> payload, string? clientId, CancellationToken cancellationToken)
    {
        var decoded = decoder.Decode(topic, payload);
        if (!decoded.IsAccepted)
        {
            deadLetters.Add(decoded, topic, clientId, payload.Span);
            return new IngestOutcome(false, $"{decoded.Reason}: {decoded.Detail}");
        }

        var report = decoded.Report!;
        var applied = await grains.GetGrain<IElevatorGrain>(report.DeviceId).ApplyStatusAsync(report);
        if (!applied)
        {
            Interlocked.Increment(ref _staleIgnored);
        }

        // Late reports still belong in the history even when they no longer change the live state.
        await writer.EnqueueAsync(ElevatorPoints.ToLineProtocol(report), cancellationToken);
        Interlocked.Increment(ref _accepted);
        return new IngestOutcome(true, null);
    }

    public IngestStatistics GetStatistics() => new(
        Interlocked.Read(ref _accepted),
        deadLetters.Total,
        Interlocked.Read(ref _staleIgnored),
        writer.PointsWritten,
        writer.PendingPoints,
        writer.IsStoreReachable,
        deadLetters.CountsByReason().ToDictionary(pair => pair.Key.ToString(), pair => pair.Value));
}
