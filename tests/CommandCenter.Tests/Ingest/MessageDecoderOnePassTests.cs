using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

/// <summary>
/// The one-pass reader against the precise path (JsonDocument + schema walk): for valid samples of every kind, the
/// fuzz scenario's payloads and hand-made edge cases, the decoder gives what the precise path alone gives — the same
/// record, or the same reason and detail — so the fast path never lets through what the schema refuses.
/// </summary>
public sealed class MessageDecoderOnePassTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private const string Device = "APP-1";

    private readonly MessageDecoder _decoder = new(Options.Create(new IngestValidationOptions()), new FakeTimeProvider(Now));

    private static string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info);

    private static readonly string Status = StatusJson.For(new ElevatorStatusReport(
        1, Device, 7, Now, 3, Direction.Up, DoorState.Closed, true, ServiceMode.Normal, true, false, 18250, 1640213, false, false, PowerState.Normal));

    private static readonly string Event = Json(new ElevatorEventReport(1, Device, 2, Now, FaultCodes.TrappedPassenger, EventState.Raised, 5), ProtocolJson.Default.ElevatorEventReport);

    private static readonly string Escalator = EscalatorJson.For(Device, 4, EscalatorDirection.Down, 0.65, Now);

    private static readonly string Daily = Json(
        new DailyCheckRecord(1, Device, 3, Now, "EL-0001", new DateOnly(2026, 11, 25), "王安全", false, [new RiskFinding("轿厢照明", "一盏灯不亮")]),
        ProtocolJson.Default.DailyCheckRecord);

    private static readonly string Weekly = Json(
        new WeeklyInvestigationRecord(1, Device, 4, Now, "EL-0001", 2026, 48, "李总监", [new Hazard("曳引绳磨损", HazardSeverity.Serious, false), new Hazard("照明", HazardSeverity.General, true)]),
        ProtocolJson.Default.WeeklyInvestigationRecord);

    private static readonly string Maintenance = Json(
        new MaintenanceRecord(1, Device, 9, Now, "EL-0001", MaintenanceType.HalfMonth, ["HM-01", "HM-02"], "赵师傅", "FIRM-1", Now.AddHours(-1), Now),
        ProtocolJson.Default.MaintenanceRecord);

    /// <summary>The officer's name as the serializer writes it: non-ASCII text escaped.</summary>
    private const string Officer = "\"officer\":\"\\u738B\\u5B89\\u5168\"";

    public static TheoryData<MessageKind, string> ValidSamples() => new()
    {
        { MessageKind.ElevatorStatus, Status },
        { MessageKind.ElevatorStatus, StatusJson.For(Device, 1, -2, Now) },
        { MessageKind.ElevatorEvent, Event },
        { MessageKind.EscalatorStatus, Escalator },
        { MessageKind.EscalatorEvent, Json(new ElevatorEventReport(1, Device, 3, Now, "62", EventState.Cleared), ProtocolJson.Default.ElevatorEventReport) },
        { MessageKind.BerthState, Json(new BerthStateReport(1, Device, 1, Now, true, 3600, -90), ProtocolJson.Default.BerthStateReport) },
        { MessageKind.LotGate, Json(new LotGateReport(1, Device, 1, Now, 1200, 1100), ProtocolJson.Default.LotGateReport) },
        { MessageKind.Presence, Json(new PresenceReport(1, Device, 0, Now.AddDays(-3), PresenceState.Offline), ProtocolJson.Default.PresenceReport) },
        { MessageKind.DailyCheck, Daily },
        { MessageKind.DailyCheck, Json(new DailyCheckRecord(1, Device, 3, Now, "EL-0001", new DateOnly(2026, 11, 25), "王安全", true, []), ProtocolJson.Default.DailyCheckRecord) },
        { MessageKind.WeeklyInvestigation, Weekly },
        { MessageKind.MonthlyScheduling, Json(new MonthlySchedulingRecord(1, Device, 2, Now, "UNIT-1", 2026, 11, "张主任", "会议纪要\n第二行", "下月重点"), ProtocolJson.Default.MonthlySchedulingRecord) },
        { MessageKind.Maintenance, Maintenance },
    };

    [Theory]
    [MemberData(nameof(ValidSamples))]
    public void Decode_ValidSampleOfEveryKind_IsReadInOnePassAsThePrecisePathReadsIt(MessageKind kind, string json)
    {
        MessageDecoder.OnePass.TryRead(kind, Encoding.UTF8.GetBytes(json)).ShouldNotBeNull();

        var (decoded, precise) = DecodeBothWays(kind, json);

        decoded.ShouldBe(precise);
        decoded.ShouldStartWith("accepted");
    }

    public static TheoryData<MessageKind, string> EdgeCases()
    {
        var cases = new TheoryData<MessageKind, string>();
        void Status(string from, string to) => cases.Add(MessageKind.ElevatorStatus, Replace(MessageDecoderOnePassTests.Status, from, to));

        // Duplicate properties: the last one decides for the precise path, so the fast path must not pick either.
        Status("\"floor\":3", "\"floor\":3,\"floor\":4");
        Status("\"floor\":3", "\"floor\":300,\"floor\":3");
        Status("\"floor\":3", "\"floor\":3,\"floor\":300");
        Status("\"floor\":3", "\"floor\":3,\"extra\":1,\"extra\":2");

        // Nulls: a required field, an optional one (read as absent), a required string.
        Status("\"floor\":3", "\"floor\":null");
        Status("\"passenger\":true", "\"passenger\":null");
        Status("\"power\":\"normal\"", "\"power\":null");
        Status("\"runningHours\":18250", "\"runningHours\":null");
        Status("\"deviceId\":\"APP-1\"", "\"deviceId\":null");
        Status("\"direction\":\"up\"", "\"direction\":null");
        Status("\"ts\":\"2026-11-25T08:00:00+00:00\"", "\"ts\":null");

        // Numbers: 3.0 and 3e0 are not integers to the schema; -0 is; huge and overflowing values; numbers as strings.
        foreach (var floor in new[] { "3.0", "3e0", "-0", "0.0", "1e400", "99999999999999999999", "-11", "200", "201", "2147483648", "\"3\"", "true", "[3]" })
        {
            Status("\"floor\":3", $"\"floor\":{floor}");
        }

        foreach (var mode in new[] { "1.0", "\"1\"", "\"normal\"", "7", "8", "-1" })
        {
            Status("\"mode\":1", $"\"mode\":{mode}");
        }

        Status("\"seq\":7", "\"seq\":9223372036854775807");
        Status("\"seq\":7", "\"seq\":9223372036854775808");
        Status("\"trips\":1640213", "\"trips\":1000000001");
        Status("\"schema\":1", "\"schema\":1.0");

        // Enum spellings: exact only; escapes are the same text.
        foreach (var direction in new[] { "\"UP\"", "\"Up\"", "1", "\"1\"", "\"\\u0075p\"", "\"up \"", "\"\"" })
        {
            Status("\"direction\":\"up\"", $"\"direction\":{direction}");
        }

        Status("\"power\":\"normal\"", "\"power\":\"Outage\"");
        Status("\"door\":\"closed\"", "\"door\":\"closing\"");

        // Strings: escapes, lengths at and past the limit, wrong types.
        Status("\"deviceId\":\"APP-1\"", "\"deviceId\":\"APP\\u002D1\"");
        Status("\"deviceId\":\"APP-1\"", "\"deviceId\":\"APP-2\"");
        Status("\"deviceId\":\"APP-1\"", $"\"deviceId\":\"{new string('A', 65)}\"");
        Status("\"deviceId\":\"APP-1\"", "\"deviceId\":42");
        Status("\"deviceId\":\"APP-1\"", "\"d\\u0065viceId\":\"APP-1\"");
        Status("\"floor\":3", "\"Floor\":3");

        // Timestamps.
        foreach (var ts in new[] { "2026-11-25T08:00:00Z", "2026-11-25T08:00:00.1234567+08:00", "2026-11-25", "2026-11-25 08:00:00Z", "12345", "\"\"" })
        {
            Status("\"ts\":\"2026-11-25T08:00:00+00:00\"", ts.StartsWith('2') ? $"\"ts\":\"{ts}\"" : $"\"ts\":{ts}");
        }

        // Whole payloads: unknown fields of every type, deep nesting, trailing bytes, comments, a BOM, not an object.
        Status("\"floor\":3", "\"floor\":3,\"note\":{\"a\":[1,2.5,null,true,\"x\"]},\"n\":null");
        Status("\"floor\":3", $"\"floor\":3,\"deep\":{new string('[', 70)}{new string(']', 70)}");
        cases.Add(MessageKind.ElevatorStatus, MessageDecoderOnePassTests.Status + " ");
        cases.Add(MessageKind.ElevatorStatus, MessageDecoderOnePassTests.Status + " x");
        cases.Add(MessageKind.ElevatorStatus, MessageDecoderOnePassTests.Status + "{}");
        cases.Add(MessageKind.ElevatorStatus, MessageDecoderOnePassTests.Status.Replace("}", ",}"));
        cases.Add(MessageKind.ElevatorStatus, MessageDecoderOnePassTests.Status.Replace("}", "/* c */}"));
        cases.Add(MessageKind.ElevatorStatus, "\uFEFF" + MessageDecoderOnePassTests.Status);
        foreach (var payload in new[] { "null", "[]", "42", "\"status\"", "true", "{}", "", " " })
        {
            cases.Add(MessageKind.ElevatorStatus, payload);
        }

        // Events: codes of the other family, a floor on an escalator (unknown there, ignored).
        cases.Add(MessageKind.ElevatorEvent, Replace(Event, "\"code\":\"11\"", "\"code\":\"61\""));
        cases.Add(MessageKind.ElevatorEvent, Replace(Event, "\"code\":\"11\"", "\"code\":11"));
        cases.Add(MessageKind.ElevatorEvent, Replace(Event, "\"code\":\"11\"", "\"code\":\"\\u00311\""));
        cases.Add(MessageKind.ElevatorEvent, Replace(Event, "\"floor\":5", "\"floor\":null"));
        cases.Add(MessageKind.EscalatorEvent, Replace(Event, "\"code\":\"11\"", "\"code\":\"61\""));
        cases.Add(MessageKind.EscalatorEvent, Replace(Event, "\"code\":\"11\",", "\"code\":\"61\",").Replace("\"floor\":5", "\"floor\":300"));

        // Escalator speed: a number with a fraction, within 0..5, finite.
        foreach (var speed in new[] { "0", "-0.0", "5", "5.0000001", "1e400", "-1e-400", "\"NaN\"", "0.65e0" })
        {
            cases.Add(MessageKind.EscalatorStatus, Replace(Escalator, "\"speed\":0.65", $"\"speed\":{speed}"));
        }

        cases.Add(MessageKind.EscalatorStatus, Replace(Escalator, "\"direction\":\"down\"", "\"direction\":\"stopped\""));

        // Nested records: items of the wrong type, null items, missing and extra fields, too many items.
        foreach (var risks in new[]
        {
            "[null]", "[[]]", "[\"x\"]", "[{\"item\":\"x\"}]", "[{\"item\":\"x\",\"note\":null}]", "[{\"item\":\"x\",\"note\":\"y\",\"extra\":[1]}]",
            "[{\"item\":\"x\",\"note\":\"y\",\"note\":\"z\"}]", $"[{{\"item\":\"{new string('i', 201)}\",\"note\":\"y\"}}]", "null", "{}",
            $"[{string.Join(',', Enumerable.Repeat("{\"item\":\"x\",\"note\":\"y\"}", 50))}]",
            $"[{string.Join(',', Enumerable.Repeat("{\"item\":\"x\",\"note\":\"y\"}", 51))}]",
        })
        {
            cases.Add(MessageKind.DailyCheck, Daily[..Daily.IndexOf("\"risks\":", StringComparison.Ordinal)] + $"\"risks\":{risks}}}");
        }

        foreach (var date in new[] { "2026-1-25", "2026-11-25T00:00:00", " 2026-11-25", "2026-02-30", "20261125", "2026\\u002D11-25", "+2026-11-25" })
        {
            cases.Add(MessageKind.DailyCheck, Replace(Daily, "\"date\":\"2026-11-25\"", $"\"date\":\"{date}\""));
        }

        cases.Add(MessageKind.DailyCheck, Replace(Daily, Officer, $"\"officer\":\"{new string('王', 64)}\""));
        cases.Add(MessageKind.DailyCheck, Replace(Daily, Officer, $"\"officer\":\"{new string('王', 65)}\""));
        cases.Add(MessageKind.WeeklyInvestigation, Replace(Weekly, "\"severity\":\"serious\"", "\"severity\":\"Serious\""));
        cases.Add(MessageKind.WeeklyInvestigation, Replace(Weekly, "\"fixed\":false", "\"fixed\":0"));
        cases.Add(MessageKind.WeeklyInvestigation, Replace(Weekly, "\"week\":48", "\"week\":53"));

        foreach (var items in new[]
        {
            "[]", "[null]", "[\"HM-01\",1]", "[\"\\uD800\"]", $"[\"{new string('x', 16)}\"]", $"[\"{new string('x', 17)}\"]",
            $"[{string.Join(',', Enumerable.Repeat("\"A\"", 100))}]", $"[{string.Join(',', Enumerable.Repeat("\"A\"", 101))}]", "\"HM-01\"",
        })
        {
            cases.Add(MessageKind.Maintenance, Replace(Maintenance, "\"itemsDone\":[\"HM-01\",\"HM-02\"]", $"\"itemsDone\":{items}"));
        }

        cases.Add(MessageKind.Maintenance, Replace(Maintenance, "\"type\":\"half-month\"", "\"type\":\"halfMonth\""));
        cases.Add(MessageKind.Maintenance, Replace(Maintenance, "\"type\":\"half-month\"", "\"type\":\"half-month\",\"type\":\"yearly\""));
        return cases;
    }

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Decode_EdgeCase_GivesThePrecisePathsResult(MessageKind kind, string json)
    {
        var (decoded, precise) = DecodeBothWays(kind, json);

        decoded.ShouldBe(precise);
    }

    [Fact]
    public void Decode_InvalidUtf8InAString_GivesThePrecisePathsResult()
    {
        var bytes = Encoding.UTF8.GetBytes(Status.Replace("\"APP-1\"", "\"APP-\u0001\"")).ToArray();
        bytes[Array.IndexOf(bytes, (byte)1)] = 0xC3;

        var topic = Topics.For(MessageKind.ElevatorStatus, Device);
        Outcome(() => _decoder.Decode(topic, bytes)).ShouldBe(Outcome(() => _decoder.DecodePrecisely(topic, bytes)));
    }

    [Fact]
    public void Decode_FuzzScenarioPayloads_GiveThePrecisePathsResult()
    {
        var decoder = new MessageDecoder(Options.Create(new IngestValidationOptions()), new FakeTimeProvider(DateTimeOffset.UtcNow));
        for (var seed = 1; seed <= 20; seed++)
        {
            var messages = new FuzzMessages(seed);
            for (var i = 0; i < 200; i++)
            {
                var message = messages.Next("EL-F0001", "EL-F0002");
                Outcome(() => decoder.Decode(message.Topic, message.Payload))
                    .ShouldBe(Outcome(() => decoder.DecodePrecisely(message.Topic, message.Payload)), $"{message.Kind}, seed {seed}, message {i}");
            }
        }
    }

    private (string Decoded, string Precise) DecodeBothWays(MessageKind kind, string json)
    {
        var topic = Topics.For(kind, Device);
        var bytes = Encoding.UTF8.GetBytes(json);
        return (Outcome(() => _decoder.Decode(topic, bytes)), Outcome(() => _decoder.DecodePrecisely(topic, bytes)));
    }

    /// <summary>What a caller sees: the record as JSON, the refusal, or the exception type.</summary>
    private static string Outcome(Func<DecodeResult> decode)
    {
        try
        {
            var result = decode();
            return result.Message is { } message
                ? $"accepted {result.Kind} {message.GetType().Name} {JsonSerializer.Serialize(message, message.GetType(), ProtocolJson.Default)}"
                : $"refused {result.Kind} {result.Reason} {result.DeviceId}: {result.Detail}";
        }
        catch (Exception ex)
        {
            return $"threw {ex.GetType().Name}";
        }
    }

    private static string Replace(string json, string from, string to) =>
        json.Contains(from, StringComparison.Ordinal) ? json.Replace(from, to, StringComparison.Ordinal) : throw new ArgumentException($"{from} is not in {json}");
}
