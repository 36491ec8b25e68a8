using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>
/// 日管控: the safety officer's daily check of one elevator against its risk list. A day without
/// findings must still be reported, with <see cref="ZeroRisk"/> true and no risks.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record DailyCheckRecord(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    string ElevatorId,
    DateOnly Date,
    string Officer,
    bool ZeroRisk,
    IReadOnlyList<RiskFinding> Risks) : IWireMessage;

/// <summary>One item of the risk list found wanting.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record RiskFinding(string Item, string Note);

/// <summary>
/// 周排查: the safety director's weekly hazard investigation, keyed by ISO year and week. Serious
/// hazards stop the lift at once.
/// </summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record WeeklyInvestigationRecord(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    string ElevatorId,
    int Year,
    int Week,
    string Director,
    IReadOnlyList<Hazard> Hazards) : IWireMessage;

/// <summary>A hazard found in a weekly investigation.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record Hazard(string Description, HazardSeverity Severity, bool Fixed);

/// <summary>General hazards are fixed in the normal course; serious ones stop the lift.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HazardSeverity>))]
public enum HazardSeverity
{
    [JsonStringEnumMemberName("general")] General,
    [JsonStringEnumMemberName("serious")] Serious,
}

/// <summary>月调度: the user unit's monthly scheduling meeting, keyed by year and month.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record MonthlySchedulingRecord(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    string UnitId,
    int Year,
    int Month,
    string Principal,
    string Minutes,
    string NextFocus) : IWireMessage;

/// <summary>A maintenance visit (at least every 15 days), with the items done.</summary>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record MaintenanceRecord(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    string ElevatorId,
    MaintenanceType Type,
    IReadOnlyList<string> ItemsDone,
    string Technician,
    string FirmId,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt) : IWireMessage;

/// <summary>Maintenance periods; each includes the items of the shorter ones.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MaintenanceType>))]
public enum MaintenanceType
{
    [JsonStringEnumMemberName("half-month")] HalfMonth,
    [JsonStringEnumMemberName("quarterly")] Quarterly,
    [JsonStringEnumMemberName("half-year")] HalfYear,
    [JsonStringEnumMemberName("yearly")] Yearly,
}
