using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Wall;

/// <summary>
/// Every string the wall shows, in one language. Each language is one instance in its own file
/// (<c>WallText.ZhCn.cs</c>, <c>WallText.En.cs</c>); <c>required</c> members make a missing string a
/// compile error, and a unit test checks the per-value tables are complete.
/// </summary>
public sealed partial record WallText
{
    /// <summary>The query value selecting this language (<c>?lang=en</c>).</summary>
    public required string Code { get; init; }

    /// <summary>The value of the page's <c>lang</c> attribute.</summary>
    public required string HtmlLang { get; init; }

    public required CultureInfo Culture { get; init; }

    /// <summary>The language's own name, for the switch.</summary>
    public required string LanguageName { get; init; }

    public required string Title { get; init; }

    public required string Overview { get; init; }

    public required string Map { get; init; }

    public required string Alarms { get; init; }

    public required string Trends { get; init; }

    public required string Connected { get; init; }

    public required string Reconnecting { get; init; }

    public required string Disconnected { get; init; }

    public required string NoResponse { get; init; }

    public required string Live { get; init; }

    public required string Stale { get; init; }

    public required string ElevatorsOnline { get; init; }

    public required string Running { get; init; }

    public required string OpenAlarms { get; init; }

    public required string CriticalAlarms { get; init; }

    public required string SlaMisses { get; init; }

    public required string AverageArrival { get; init; }

    public required string Minutes { get; init; }

    public required string OverdueTickets { get; init; }

    public required string ParkingOccupancy { get; init; }

    public required string NightFreeBerths { get; init; }

    public required string MaintenanceCompliance { get; init; }

    public required string AlarmPanelTitle { get; init; }

    public required string NoOpenAlarms { get; init; }

    public required string Elapsed { get; init; }

    public required string ArrivalDueIn { get; init; }

    public required string ArrivalOverdue { get; init; }

    public required string OnSite { get; init; }

    public required string NoArrivalLimit { get; init; }

    /// <summary>Format: {0} the firm now dispatched, {1} how many firms were dispatched.</summary>
    public required string Redispatched { get; init; }

    public required string EscalatedToDistrict { get; init; }

    public required string Unassigned { get; init; }

    public required string TickerTitle { get; init; }

    public required string NoOverdueTickets { get; init; }

    /// <summary>Format: {0} how long past the deadline.</summary>
    public required string OverdueBy { get; init; }

    /// <summary>Format of a long duration: {0} days, {1} hours.</summary>
    public required string DaysHours { get; init; }

    /// <summary>Format of a duration under a day: {0} hours, {1} minutes.</summary>
    public required string HoursMinutes { get; init; }

    /// <summary>Format of a duration under an hour: {0} minutes.</summary>
    public required string MinutesOnly { get; init; }

    public required string ComplianceTitle { get; init; }

    /// <summary>The compliance table's first column on an area's screen, whose rows are the areas under it.</summary>
    public required string Area { get; init; }

    public required string District { get; init; }

    public required string WholeCity { get; init; }

    public required string Daily { get; init; }

    public required string Weekly { get; init; }

    public required string Monthly { get; init; }

    public required string Maintenance { get; init; }

    public required string ParkingTitle { get; init; }

    public required string Occupied { get; init; }

    public required string Free { get; init; }

    public required string NightWindowActive { get; init; }

    public required string NightWindowInactive { get; init; }

    public required string UnhealthySensors { get; init; }

    public required string MapTitle { get; init; }

    public required string Back { get; init; }

    public required string Elevators { get; init; }

    public required string Lots { get; init; }

    public required string NotReporting { get; init; }

    public required string Offline { get; init; }

    public required string HazardStop { get; init; }

    public required string LiveFloorsTitle { get; init; }

    /// <summary>Format: {0} the elevator.</summary>
    public required string FloorHistoryTitle { get; init; }

    public required string BackToLive { get; init; }

    public required string Floor { get; init; }

    public required string FaultsPerHourTitle { get; init; }

    public required string FaultsSeries { get; init; }

    public required string WaitingForData { get; init; }

    public required string PopupTitle { get; init; }

    public required string Acknowledge { get; init; }

    public required string AcknowledgeNote { get; init; }

    /// <summary>Format: {0} how many more are waiting.</summary>
    public required string MorePending { get; init; }

    public required string Mute { get; init; }

    public required string Unmute { get; init; }

    public required string Rotation { get; init; }

    public required string Language { get; init; }

    public required IReadOnlyDictionary<AlarmSeverity, string> Severities { get; init; }

    public required IReadOnlyDictionary<AlarmStatus, string> AlarmStatuses { get; init; }

    public required IReadOnlyDictionary<SupervisionLevel, string> SupervisionLevels { get; init; }

    public required IReadOnlyDictionary<AreaState, string> AreaStates { get; init; }

    public required IReadOnlyDictionary<ServiceMode, string> Modes { get; init; }

    public required IReadOnlyDictionary<DoorState, string> Doors { get; init; }

    /// <summary>Fault names by GB/T 24476 code; the alarm's own description covers any code missing here.</summary>
    public required IReadOnlyDictionary<string, string> Faults { get; init; }

    // A property, not a field: the languages are initialised in other files of this partial record, in no set order.
    public static IReadOnlyList<WallText> All => [ZhCn, En];

    /// <summary>The language a <c>?lang=</c> value asks for; zh-CN unless English is asked for.</summary>
    public static WallText For(string? code) =>
        All.FirstOrDefault(text => string.Equals(text.Code, code, StringComparison.OrdinalIgnoreCase)) ?? ZhCn;

    public string ViewName(WallView view) => view switch
    {
        WallView.Map => Map,
        WallView.Alarms => Alarms,
        WallView.Trends => Trends,
        _ => Overview,
    };

    /// <summary>One of a pair of names the domain keeps in both languages (ticket categories).</summary>
    public string Pick(string chinese, string english) => Code == En.Code ? english : chinese;

    public string FaultName(AlarmSnapshot alarm) => Faults.GetValueOrDefault(alarm.Code) ?? alarm.Description;

    public string Format(string format, params object?[] arguments) => string.Format(Culture, format, arguments);

    /// <summary>A duration in words, to the minute (for how long a work order is overdue).</summary>
    public string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => Format(DaysHours, (int)span.TotalDays, span.Hours),
        { TotalHours: >= 1 } => Format(HoursMinutes, (int)span.TotalHours, span.Minutes),
        _ => Format(MinutesOnly, Math.Max(0, (int)span.TotalMinutes)),
    };
}
