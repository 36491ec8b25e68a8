using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

/// <summary>The message kinds beyond elevator status: nested arrays, dates and cross-field rules.</summary>
public sealed class RecordValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private readonly MessageDecoder _decoder = new(Options.Create(new IngestValidationOptions()), new FakeTimeProvider(Now));

    private DecodeResult Decode(MessageKind kind, string json) => _decoder.Decode(Topics.For(kind, "APP-1"), Encoding.UTF8.GetBytes(json));

    private static string Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => JsonSerializer.Serialize(value, info);

    private static DailyCheckRecord Daily(bool zeroRisk, params RiskFinding[] risks) =>
        new(1, "APP-1", 3, Now, "EL-0001", new DateOnly(2026, 11, 25), "王安全", zeroRisk, risks);

    private static WeeklyInvestigationRecord Weekly(int year, int week, params Hazard[] hazards) =>
        new(1, "APP-1", 4, Now, "EL-0001", year, week, "李总监", hazards);

    [Fact]
    public void Decode_EveryKindWithValidPayload_IsAccepted()
    {
        var cases = new (MessageKind Kind, string Json)[]
        {
            (MessageKind.ElevatorEvent, Json(new ElevatorEventReport(1, "APP-1", 1, Now, FaultCodes.TrappedPassenger, EventState.Raised, 5), ProtocolJson.Default.ElevatorEventReport)),
            (MessageKind.BerthState, Json(new BerthStateReport(1, "APP-1", 1, Now, true, 3600, -90), ProtocolJson.Default.BerthStateReport)),
            (MessageKind.LotGate, Json(new LotGateReport(1, "APP-1", 1, Now, 1200, 1100), ProtocolJson.Default.LotGateReport)),
            (MessageKind.Presence, Json(new PresenceReport(1, "APP-1", 0, Now.AddDays(-3), PresenceState.Offline), ProtocolJson.Default.PresenceReport)),
            (MessageKind.DailyCheck, Json(Daily(true), ProtocolJson.Default.DailyCheckRecord)),
            (MessageKind.DailyCheck, Json(Daily(false, new RiskFinding("轿厢照明", "一盏灯不亮")), ProtocolJson.Default.DailyCheckRecord)),
            (MessageKind.WeeklyInvestigation, Json(Weekly(2026, 48, new Hazard("曳引绳磨损", HazardSeverity.Serious, false)), ProtocolJson.Default.WeeklyInvestigationRecord)),
            (MessageKind.MonthlyScheduling, Json(new MonthlySchedulingRecord(1, "APP-1", 2, Now, "UNIT-1", 2026, 11, "张主任", "会议纪要", "下月重点"), ProtocolJson.Default.MonthlySchedulingRecord)),
            (MessageKind.Maintenance, Json(new MaintenanceRecord(1, "APP-1", 9, Now, "EL-0001", MaintenanceType.HalfMonth, ["A1", "A2"], "赵师傅", "FIRM-1", Now.AddHours(-1), Now), ProtocolJson.Default.MaintenanceRecord)),
        };

        foreach (var (kind, json) in cases)
        {
            var result = Decode(kind, json);
            result.IsAccepted.ShouldBeTrue($"{kind}: {result.Reason} {result.Detail}");
            result.Kind.ShouldBe(kind);
        }
    }

    public static TheoryData<MessageKind, string, RejectReason, string> InvalidRecords() => new()
    {
        { MessageKind.DailyCheck, Json(Daily(true, new RiskFinding("门锁", "x")), ProtocolJson.Default.DailyCheckRecord), RejectReason.OutOfRange, "zeroRisk is true but 1 risks are listed" },
        { MessageKind.DailyCheck, Json(Daily(false), ProtocolJson.Default.DailyCheckRecord), RejectReason.OutOfRange, "zeroRisk is false but no risks are listed" },
        { MessageKind.DailyCheck, Json(Daily(true), ProtocolJson.Default.DailyCheckRecord).Replace("2026-11-25\"", "25/11/2026\""), RejectReason.OutOfRange, "date: \"25/11/2026\" is not a date (yyyy-MM-dd)" },
        { MessageKind.DailyCheck, Json(Daily(true), ProtocolJson.Default.DailyCheckRecord).Replace("2026-11-25\"", "2026-12-25\""), RejectReason.OutOfRange, "is after the day it was filed" },
        { MessageKind.DailyCheck, Json(Daily(false, new RiskFinding("门锁", "x")), ProtocolJson.Default.DailyCheckRecord).Replace("\"note\":\"x\"", "\"note\":7"), RejectReason.WrongType, "risks[0].note: expected string, got number" },
        { MessageKind.DailyCheck, Json(Daily(true), ProtocolJson.Default.DailyCheckRecord).Replace("\"risks\":[]", "\"risks\":{}"), RejectReason.WrongType, "risks: expected array, got object" },
        { MessageKind.WeeklyInvestigation, Json(Weekly(2025, 53), ProtocolJson.Default.WeeklyInvestigationRecord), RejectReason.OutOfRange, "ISO year 2025 has 52 weeks, not 53" },
        { MessageKind.WeeklyInvestigation, Json(Weekly(2026, 48, new Hazard("x", HazardSeverity.General, true)), ProtocolJson.Default.WeeklyInvestigationRecord).Replace("general", "mild"), RejectReason.OutOfRange, "hazards[0].severity: \"mild\" is not one of general, serious" },
        { MessageKind.ElevatorEvent, Json(new ElevatorEventReport(1, "APP-1", 1, Now, "42", EventState.Raised), ProtocolJson.Default.ElevatorEventReport), RejectReason.OutOfRange, "code: \"42\" is not one of 01" },
        { MessageKind.BerthState, Json(new BerthStateReport(1, "APP-1", 1, Now, true, 9000, -90), ProtocolJson.Default.BerthStateReport), RejectReason.OutOfRange, "batteryMv: 9000 is outside 0..5000" },
        { MessageKind.Presence, Json(new PresenceReport(1, "APP-1", 5, Now.AddDays(-3), PresenceState.Offline), ProtocolJson.Default.PresenceReport), RejectReason.TimestampOutOfWindow, "older than" },
        { MessageKind.Maintenance, Json(new MaintenanceRecord(1, "APP-1", 9, Now, "EL-0001", MaintenanceType.Yearly, ["A1"], "赵", "F", Now, Now.AddHours(-2)), ProtocolJson.Default.MaintenanceRecord), RejectReason.OutOfRange, "is before startedAt" },
        { MessageKind.Maintenance, Json(new MaintenanceRecord(1, "APP-1", 9, Now, "EL-0001", MaintenanceType.Yearly, [.. Enumerable.Repeat("A", 101)], "赵", "F", Now.AddHours(-1), Now), ProtocolJson.Default.MaintenanceRecord), RejectReason.OutOfRange, "itemsDone: 101 items, at most 100 allowed" },
    };

    [Theory]
    [MemberData(nameof(InvalidRecords))]
    public void Decode_InvalidRecord_RejectsWithPreciseReason(MessageKind kind, string json, RejectReason reason, string detail)
    {
        var result = Decode(kind, json);

        result.IsAccepted.ShouldBeFalse();
        result.Reason.ShouldBe(reason);
        result.Detail.ShouldContain(detail);
    }
}
