using System.Text;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class MessageDecoderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private const string Topic = "cc/v1/elevators/EL-0001/status";

    private readonly MessageDecoder _decoder = new(Options.Create(new IngestValidationOptions()), new FakeTimeProvider(Now));

    private DecodeResult Decode(string payload, string topic = Topic) => _decoder.Decode(topic, Encoding.UTF8.GetBytes(payload));

    [Fact]
    public void Decode_ValidStatus_ReturnsTheReport()
    {
        var result = Decode(StatusJson.For("EL-0001", seq: 7, floor: 12, ts: Now));

        result.IsAccepted.ShouldBeTrue(result.Detail);
        result.Kind.ShouldBe(MessageKind.ElevatorStatus);
        result.Message.ShouldBe(StatusJson.Report("EL-0001", 7, 12, Now));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("\"abc\"")]
    [InlineData("[1,{\"x\":2}]")]
    [InlineData("null")]
    public void Decode_AnEscalatorEventWithAFloor_IgnoresItWhateverItHolds(string floor)
    {
        var json = $$"""{"schema":1,"deviceId":"ES-0001","seq":4,"ts":"{{Now:O}}","code":"62","state":"raised","floor":{{floor}}}""";

        var result = Decode(json, "cc/v1/escalators/ES-0001/event");

        result.IsAccepted.ShouldBeTrue(result.Detail);
        result.Message.ShouldBe(new ElevatorEventReport(1, "ES-0001", 4, Now, "62", EventState.Raised));
    }

    [Fact]
    public void Decode_OptionalFieldsAbsentOrNull_IsAccepted()
    {
        var json = StatusJson.For("EL-0001", 1, 3, Now).Replace("}", ",\"passenger\":null}");

        Decode(json).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void Decode_CountersLimitsAndPower_AreKeptOnTheReport()
    {
        var json = StatusJson.For("EL-0001", 1, 3, Now).Replace("}", ",\"runningHours\":18250,\"trips\":1640213,\"upLimit\":false,\"downLimit\":true,\"power\":\"outage\"}");

        var result = Decode(json);

        result.IsAccepted.ShouldBeTrue(result.Detail);
        var report = result.Message.ShouldBeOfType<ElevatorStatusReport>();
        (report.RunningHours, report.Trips, report.UpLimit, report.DownLimit, report.Power).ShouldBe((18250L, 1640213L, false, true, PowerState.Outage));
    }

    public static TheoryData<string, RejectReason, string> InvalidPayloads() => new()
    {
        { Valid().Replace("}", ",\"trips\":-5}"), RejectReason.OutOfRange, "trips: -5 is outside 0..1000000000" },
        { Valid().Replace("}", ",\"runningHours\":2000000}"), RejectReason.OutOfRange, "runningHours: 2000000 is outside 0..1000000" },
        { Valid().Replace("}", ",\"power\":\"maybe\"}"), RejectReason.OutOfRange, "power: \"maybe\" is not one of normal, outage" },
        { Valid().Replace("}", ",\"upLimit\":1}"), RejectReason.WrongType, "upLimit: expected boolean, got number" },
        { "{\"floor\": 3", RejectReason.BadJson, "not valid JSON" },
        { "hello", RejectReason.BadJson, "not valid JSON" },
        { "[1,2,3]", RejectReason.WrongType, "payload must be a JSON object, got array" },
        { Valid().Replace("\"floor\":3", "\"floor\":\"3\""), RejectReason.WrongType, "floor: expected integer, got string" },
        { Valid().Replace("\"floor\":3", "\"floor\":3.5"), RejectReason.WrongType, "floor: expected integer, got number" },
        { Valid().Replace("\"running\":true", "\"running\":\"yes\""), RejectReason.WrongType, "running: expected boolean, got string" },
        { Valid().Replace("\"floor\":3,", ""), RejectReason.MissingField, "floor: required field is missing" },
        { Valid().Replace("\"floor\":3", "\"floor\":300"), RejectReason.OutOfRange, "floor: 300 is outside -10..200" },
        { Valid().Replace("\"mode\":1", "\"mode\":9"), RejectReason.OutOfRange, "mode: 9 is outside 0..7" },
        { Valid().Replace("\"direction\":\"up\"", "\"direction\":\"sideways\""), RejectReason.OutOfRange, "direction: \"sideways\" is not one of none, up, down" },
        { Valid().Replace("\"schema\":1", "\"schema\":2"), RejectReason.OutOfRange, "schema: 2 is outside 1..1" },
        { Valid().Replace("\"seq\":1", "\"seq\":-1"), RejectReason.OutOfRange, "seq: -1 is outside 0.." },
        { Valid().Replace("2026-11-25T08:00:00+00:00", "yesterday"), RejectReason.OutOfRange, "ts: \"yesterday\" is not an ISO 8601 timestamp" },
        { Valid().Replace("EL-0001", "EL-0002"), RejectReason.TopicMismatch, "deviceId 'EL-0002' does not match 'EL-0001' in the topic" },
        { StatusJson.For("EL-0001", 1, 3, Now.AddMinutes(6)), RejectReason.TimestampOutOfWindow, "ahead of the server clock" },
        { StatusJson.For("EL-0001", 1, 3, Now.AddDays(-2)), RejectReason.TimestampOutOfWindow, "older than the 24 h" },
        { Valid().Replace("}", $",\"note\":\"{new string('x', 1100)}\"}}"), RejectReason.Oversized, "at most 1024 allowed" },
    };

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public void Decode_InvalidPayload_RejectsWithPreciseReason(string payload, RejectReason reason, string detail)
    {
        var result = Decode(payload);

        result.IsAccepted.ShouldBeFalse();
        result.Reason.ShouldBe(reason);
        result.Detail.ShouldContain(detail);
        result.DeviceId.ShouldBe("EL-0001");
    }

    [Theory]
    [InlineData("cc/v1/lifts/EL-0001/status")]
    [InlineData("cc/v2/elevators/EL-0001/status")]
    [InlineData("cc/v1/elevators/EL 0001/status")]
    [InlineData("cc/v1/elevators//status")]
    [InlineData("random/topic")]
    public void Decode_TopicOutsideTheProtocol_RejectsAsUnknownTopic(string topic)
    {
        var result = Decode(Valid(), topic);

        result.Reason.ShouldBe(RejectReason.UnknownTopic);
        result.Detail.ShouldContain(topic);
    }

    private static string Valid() => StatusJson.For("EL-0001", 1, 3, Now);
}
