using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>Turns a raw MQTT message into a validated protocol message or a precise rejection.</summary>
public sealed class MessageDecoder(IOptions<IngestValidationOptions> options, TimeProvider time)
{
    /// <summary>The record type each kind is read into; both event kinds share one.</summary>
    private static readonly Dictionary<MessageKind, JsonTypeInfo> Records = new()
    {
        [MessageKind.ElevatorStatus] = ProtocolJson.Default.ElevatorStatusReport,
        [MessageKind.ElevatorEvent] = ProtocolJson.Default.ElevatorEventReport,
        [MessageKind.EscalatorStatus] = ProtocolJson.Default.EscalatorStatusReport,
        [MessageKind.EscalatorEvent] = ProtocolJson.Default.ElevatorEventReport,
        [MessageKind.BerthState] = ProtocolJson.Default.BerthStateReport,
        [MessageKind.LotGate] = ProtocolJson.Default.LotGateReport,
        [MessageKind.Presence] = ProtocolJson.Default.PresenceReport,
        [MessageKind.DailyCheck] = ProtocolJson.Default.DailyCheckRecord,
        [MessageKind.WeeklyInvestigation] = ProtocolJson.Default.WeeklyInvestigationRecord,
        [MessageKind.MonthlyScheduling] = ProtocolJson.Default.MonthlySchedulingRecord,
        [MessageKind.Maintenance] = ProtocolJson.Default.MaintenanceRecord,
    };

    internal static readonly OnePassReader OnePass = new(Records);

    /// <summary>How the precise path reads each kind once its schema walk has passed: fields the schema does not name are skipped.</summary>
    private static readonly Dictionary<MessageKind, JsonTypeInfo> PreciseRecords =
        Records.ToDictionary(pair => pair.Key, pair => OnePassReader.For(pair.Value.Type, MessageSchemas.For(pair.Key).Fields, enforceRules: false));

    public DecodeResult Decode(string topic, ReadOnlyMemory<byte> payload) => Decode(topic, payload, OnePass);

    /// <summary>Decodes by the precise path alone: the reference the one-pass reader is tested against.</summary>
    internal DecodeResult DecodePrecisely(string topic, ReadOnlyMemory<byte> payload) => Decode(topic, payload, onePass: null);

    private DecodeResult Decode(string topic, ReadOnlyMemory<byte> payload, OnePassReader? onePass)
    {
        if (!Topics.TryParse(topic, out var kind, out var topicDeviceId) || !MessageSchemas.IsValidDeviceId(topicDeviceId))
        {
            return DecodeResult.Reject(RejectReason.UnknownTopic, $"topic '{Excerpt.Of(topic, 120)}' is not in the {Topics.Root} tree");
        }

        var schema = MessageSchemas.For(kind);
        if (payload.Length > schema.MaxPayloadBytes)
        {
            return DecodeResult.Reject(
                RejectReason.Oversized, $"payload is {payload.Length} bytes, at most {schema.MaxPayloadBytes} allowed", topicDeviceId, kind);
        }

        // Nearly every payload is valid: read it once, checking each field as it is read. Only a payload that
        // reading refuses is parsed again, by the schema walk, to name exactly what is wrong with it.
        var message = onePass?.TryRead(kind, payload.Span);
        if (message is null)
        {
            var precise = ReadPrecisely(kind, schema, payload, topicDeviceId);
            if (!precise.IsAccepted)
            {
                return precise;
            }

            message = precise.Message!;
        }

        var problem = CheckTopic(message, topicDeviceId) ?? CheckClock(message) ?? CheckFaultFamily(kind, message) ?? CheckConsistency(message);
        return problem is { } rejection
            ? DecodeResult.Reject(rejection.Reason, rejection.Detail, topicDeviceId, kind)
            : DecodeResult.Accept(kind, message);
    }

    /// <summary>
    /// The precise path: parse, walk the document against the schema to name the first broken field, then deserialize.
    /// Accepted records equal the fast path's.
    /// </summary>
    private static DecodeResult ReadPrecisely(MessageKind kind, MessageSchema schema, ReadOnlyMemory<byte> payload, string topicDeviceId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException ex)
        {
            return DecodeResult.Reject(RejectReason.BadJson, $"not valid JSON: {ex.Message}", topicDeviceId, kind);
        }

        using (document)
        {
            if (SchemaValidator.Validate(document.RootElement, schema) is { } failure)
            {
                return DecodeResult.Reject(failure.Reason, failure.Detail, topicDeviceId, kind);
            }

            var message = (IWireMessage?)document.RootElement.Deserialize(PreciseRecords[kind]) ?? throw new InvalidOperationException($"no record for {kind}");
            return DecodeResult.Accept(kind, message);
        }
    }

    private static (RejectReason Reason, string Detail)? CheckTopic(IWireMessage message, string topicDeviceId) =>
        string.Equals(message.DeviceId, topicDeviceId, StringComparison.Ordinal)
            ? null
            : (RejectReason.TopicMismatch, $"deviceId '{message.DeviceId}' does not match '{topicDeviceId}' in the topic");

    private (RejectReason Reason, string Detail)? CheckClock(IWireMessage message)
    {
        var now = time.GetUtcNow();
        var limits = options.Value;
        if (message.Ts > now + limits.MaxClockAhead)
        {
            return (RejectReason.TimestampOutOfWindow,
                $"ts {message.Ts:O} is {(message.Ts - now).TotalSeconds:F0} s ahead of the server clock (limit {limits.MaxClockAhead.TotalSeconds:F0} s)");
        }

        // A last will is composed when the device connects, so it may be as old as the connection.
        var isLastWill = message is PresenceReport { Seq: 0, State: PresenceState.Offline };
        return !isLastWill && message.Ts < now - limits.MaxClockBehind
            ? (RejectReason.TimestampOutOfWindow, $"ts {message.Ts:O} is older than the {limits.MaxClockBehind.TotalHours:F0} h the server accepts")
            : null;
    }

    /// <summary>
    /// A lift's fault codes are not an escalator's: a code of the other family points to a device on the
    /// wrong topic or misconfigured firmware, and would open an alarm nobody can act on.
    /// </summary>
    private static (RejectReason Reason, string Detail)? CheckFaultFamily(MessageKind kind, IWireMessage message)
    {
        if (message is not ElevatorEventReport fault || kind is not (MessageKind.ElevatorEvent or MessageKind.EscalatorEvent))
        {
            return null;
        }

        var (device, other) = kind == MessageKind.EscalatorEvent ? (DeviceKind.Escalator, DeviceKind.Elevator) : (DeviceKind.Elevator, DeviceKind.Escalator);
        var allowed = FaultCodes.Of(device);
        return allowed.Contains(fault.Code, StringComparer.Ordinal)
            ? null
            : (RejectReason.OutOfRange,
                $"code: \"{fault.Code}\" ({FaultCodes.All[fault.Code]}) is {Article(other)} code; {Article(device)} sends {string.Join(", ", allowed)}");
    }

    private static string Article(DeviceKind kind) => kind == DeviceKind.Escalator ? "an escalator" : "a lift";

    /// <summary>Rules that span fields, which the per-field schema cannot express.</summary>
    private static (RejectReason Reason, string Detail)? CheckConsistency(IWireMessage message) => message switch
    {
        DailyCheckRecord { ZeroRisk: true, Risks.Count: > 0 } daily =>
            (RejectReason.OutOfRange, $"zeroRisk is true but {daily.Risks.Count} risks are listed"),
        DailyCheckRecord { ZeroRisk: false, Risks.Count: 0 } =>
            (RejectReason.OutOfRange, "zeroRisk is false but no risks are listed; report a zero-risk day with zeroRisk true"),
        DailyCheckRecord daily when daily.Date > DateOnly.FromDateTime(daily.Ts.UtcDateTime).AddDays(1) =>
            (RejectReason.OutOfRange, $"date {daily.Date:yyyy-MM-dd} is after the day it was filed ({daily.Ts:yyyy-MM-dd})"),
        WeeklyInvestigationRecord weekly when weekly.Week > ISOWeek.GetWeeksInYear(weekly.Year) =>
            (RejectReason.OutOfRange, $"week: ISO year {weekly.Year} has {ISOWeek.GetWeeksInYear(weekly.Year)} weeks, not {weekly.Week}"),
        EscalatorStatusReport { Running: true, Direction: EscalatorDirection.Stopped } =>
            (RejectReason.OutOfRange, "direction is stopped but running is true; a running escalator moves up or down"),
        MaintenanceRecord maintenance when maintenance.FinishedAt < maintenance.StartedAt =>
            (RejectReason.OutOfRange, $"finishedAt {maintenance.FinishedAt:O} is before startedAt {maintenance.StartedAt:O}"),
        _ => null,
    };
}
