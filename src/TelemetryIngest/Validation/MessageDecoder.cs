using System.Text.Json;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>Turns a raw MQTT message into a validated report or a precise rejection.</summary>
public sealed class MessageDecoder(IOptions<IngestValidationOptions> options, TimeProvider time)
{
    public DecodeResult Decode(string topic, ReadOnlyMemory<byte> payload)
    {
        if (!Topics.TryParse(topic, out var kind, out var topicDeviceId) || !MessageSchemas.IsValidDeviceId(topicDeviceId))
        {
            return DecodeResult.Reject(RejectReason.UnknownTopic, $"topic '{Excerpt.Of(topic, 120)}' is not in the {Topics.Root} tree");
        }

        var schema = MessageSchemas.For(kind)!;
        if (payload.Length > schema.MaxPayloadBytes)
        {
            return DecodeResult.Reject(
                RejectReason.Oversized, $"payload is {payload.Length} bytes, at most {schema.MaxPayloadBytes} allowed", topicDeviceId);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            return DecodeResult.Reject(RejectReason.BadJson, $"not valid JSON: {ex.Message}", topicDeviceId);
        }

        using (document)
        {
            if (SchemaValidator.Validate(document.RootElement, schema) is { } failure)
            {
                return DecodeResult.Reject(failure.Reason, failure.Detail, topicDeviceId);
            }

            var report = document.RootElement.Deserialize(ProtocolJson.Default.ElevatorStatusReport)!;
            return CheckAgainstTopicAndClock(report, topicDeviceId);
        }
    }

    private DecodeResult CheckAgainstTopicAndClock(ElevatorStatusReport report, string topicDeviceId)
    {
        if (!string.Equals(report.DeviceId, topicDeviceId, StringComparison.Ordinal))
        {
            return DecodeResult.Reject(
                RejectReason.TopicMismatch,
                $"deviceId '{report.DeviceId}' does not match '{topicDeviceId}' in the topic",
                topicDeviceId);
        }

        var now = time.GetUtcNow();
        var limits = options.Value;
        if (report.Ts > now + limits.MaxClockAhead)
        {
            return DecodeResult.Reject(
                RejectReason.TimestampOutOfWindow,
                $"ts {report.Ts:O} is {(report.Ts - now).TotalSeconds:F0} s ahead of the server clock (limit {limits.MaxClockAhead.TotalSeconds:F0} s)",
                topicDeviceId);
        }

        if (report.Ts < now - limits.MaxClockBehind)
        {
            return DecodeResult.Reject(
                RejectReason.TimestampOutOfWindow,
                $"ts {report.Ts:O} is older than the {limits.MaxClockBehind.TotalHours:F0} h the server accepts",
                topicDeviceId);
        }

        return DecodeResult.Accept(report);
    }
}
