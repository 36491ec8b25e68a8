namespace CommandCenter.TelemetryIngest.Telemetry;

/// <summary>
/// Decides at the root whether a device message is traced, before any activity is made. A tracer's own sampler decides
/// only once the activity is being created, and OpenTelemetry answers a root it drops with an unrecorded activity that
/// still costs an allocation per message; deciding here first keeps an untraced message free. The tracer then records
/// every <see cref="IngestTracing.MessageSpanName"/> root it is offered.
/// </summary>
public sealed class MessageTraceSampler
{
    private readonly double _ratio;

    /// <param name="ratio">Share of messages traced, 0 to 1.</param>
    public MessageTraceSampler(double ratio)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ratio, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ratio, 1.0);
        _ratio = ratio;
    }

    /// <summary>Every message, when something listens: the default until the host configures a share.</summary>
    public static MessageTraceSampler Always { get; } = new(1.0);

    public bool TakesThisMessage() => _ratio >= 1.0 || (_ratio > 0.0 && Random.Shared.NextDouble() < _ratio);
}
