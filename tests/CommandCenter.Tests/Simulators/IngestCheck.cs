using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>
/// Runs simulator output through ingest's real decoder, on the given server clock, and checks the
/// envelope rules that span messages: per device and topic, seq increases by one.
/// </summary>
internal sealed class IngestCheck(TimeProvider serverTime)
{
    private readonly MessageDecoder _decoder = new(Options.Create(new IngestValidationOptions()), serverTime);
    private readonly Dictionary<(string DeviceId, MessageKind Kind), long> _lastSeq = [];

    public List<IWireMessage> Accepted { get; } = [];

    public IEnumerable<T> All<T>() => Accepted.OfType<T>();

    /// <summary>Decodes each message now; fails the test on the first one ingest would reject.</summary>
    public void Accept(IEnumerable<OutgoingMessage> messages)
    {
        foreach (var message in messages)
        {
            var result = _decoder.Decode(message.Topic, message.Payload);
            result.IsAccepted.ShouldBeTrue($"{message.Topic}: {result.Reason} {result.Detail}");
            result.Kind.ShouldBe(message.Kind);
            var decoded = result.Message!;
            if (decoded.Seq != 0)
            {
                if (_lastSeq.TryGetValue((decoded.DeviceId, message.Kind), out var last))
                {
                    decoded.Seq.ShouldBe(last + 1, $"{message.Topic}: seq must increase by one");
                }

                _lastSeq[(decoded.DeviceId, message.Kind)] = decoded.Seq;
            }

            Accepted.Add(decoded);
        }
    }
}
