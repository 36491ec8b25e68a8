using CommandCenter.TelemetryIngest.Telemetry;
using OpenTelemetry.Trace;

namespace CommandCenter.Observability;

/// <summary>
/// Decides each trace once, at its root, keeping <c>Otlp:TraceSampleRatio</c> of them; a span with a parent follows it.
/// Device messages were already decided by <see cref="MessageTraceSampler"/> before their root span was made (so an
/// untraced message costs nothing), so every message root that reaches this sampler is recorded.
/// </summary>
public sealed class RootSampler(double ratio) : Sampler
{
    private readonly ParentBasedSampler _byRatio = new(new TraceIdRatioBasedSampler(ratio));

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Name == IngestTracing.MessageSpanName
            ? new SamplingResult(SamplingDecision.RecordAndSample)
            : _byRatio.ShouldSample(samplingParameters);
}
