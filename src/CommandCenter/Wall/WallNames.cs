using CommandCenter.Components.Wall;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Wall;

/// <summary>Names the wall shows for ids, values and durations, in the language of the wall's texts.</summary>
public static class WallNames
{
    /// <summary>An enum value's name, the entry <c>Type.Value</c> (<c>AlarmStatus.Occurred</c>).</summary>
    public static string Name<TEnum>(this IStringLocalizer<WallStrings> text, TEnum value)
        where TEnum : struct, Enum =>
        text[$"{typeof(TEnum).Name}.{value}"];

    public static string FirmName(this CityDirectory city, string? firmId, IStringLocalizer<WallStrings> text) =>
        firmId is null ? text["Unassigned"]
        : city.Topology.Firms.FirstOrDefault(firm => firm.Id == firmId)?.Name ?? firmId;

    /// <summary>The elevator's address, or its id when the city does not know it.</summary>
    public static string AddressOf(this CityDirectory city, string elevatorId) =>
        city.FindElevator(elevatorId)?.Elevator.Address ?? elevatorId;

    /// <summary>District and grid of an alarm, as far as they are known.</summary>
    public static string PlaceOf(this CityDirectory city, AlarmSnapshot alarm)
    {
        var grid = alarm.GridId is { } gridId ? city.FindGrid(gridId) : null;
        var district = grid?.District.Name ?? (alarm.DistrictId is { } districtId ? city.FindArea(AreaKeys.District(districtId))?.Name : null);
        return string.Join(" · ", new[] { district, grid?.Community.Name, grid?.Grid.Name }.OfType<string>());
    }

    /// <summary>The arrival clock in words: time left, time over, or when the technician arrived.</summary>
    public static string Sla(this IStringLocalizer<WallStrings> text, AlarmSnapshot alarm, SlaStatus sla) => sla switch
    {
        { Remaining: { } left } when left > TimeSpan.Zero => $"{text["ArrivalDueIn"]} {SlaClock.Format(left)}",
        { Remaining: { } late } => $"{text["ArrivalOverdue"]} {SlaClock.Format(late)}",
        { Phase: SlaPhase.OnSite or SlaPhase.Missed } when SlaClock.ArrivedAfter(alarm) is { } after => $"{text["OnSite"]} {SlaClock.Format(after)}",
        { Phase: SlaPhase.Missed } => text["ArrivalOverdue"],
        _ => text["NoArrivalLimit"],
    };

    /// <summary>A duration in words, to the minute (for how long a work order is overdue).</summary>
    public static string Duration(this IStringLocalizer<WallStrings> text, TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => text["DaysHours", (int)span.TotalDays, span.Hours],
        { TotalHours: >= 1 } => text["HoursMinutes", (int)span.TotalHours, span.Minutes],
        _ => text["MinutesOnly", Math.Max(0, (int)span.TotalMinutes)],
    };
}
