using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Firm;

/// <summary>Duty compliance of the firm's elevators: counts per duty and status, and what needs attention.</summary>
public sealed partial class DutyPanel : ComponentBase
{
    [Parameter, EditorRequired]
    public IReadOnlyList<ElevatorDuties> Duties { get; set; } = [];

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    /// <summary>Every duty that is due soon or overdue, overdue first.</summary>
    private List<(string Elevator, string Name, DutyStanding Standing)> Attention =>
        [.. Duties.SelectMany(d => DutyKinds.All.Select(kind => (d.ElevatorId, kind.Name, Standing: kind.Pick(d))))
            .Where(item => item.Standing.Status != DutyStatus.Normal)
            .OrderByDescending(item => item.Standing.Status)
            .ThenBy(item => item.Standing.DueAt)];
}

/// <summary>Each duty of an elevator by its name; the resource entry <c>Duty.{name}</c> says it in the page's language.</summary>
public static class DutyKinds
{
    public static IReadOnlyList<(string Name, Func<ElevatorDuties, DutyStanding> Pick)> All { get; } =
    [
        ("Daily", d => d.Daily),
        ("Weekly", d => d.Weekly),
        ("Maintenance", d => d.Maintenance),
        ("QuarterlyMaintenance", d => d.QuarterlyMaintenance),
        ("HalfYearMaintenance", d => d.HalfYearMaintenance),
        ("YearlyMaintenance", d => d.YearlyMaintenance),
    ];
}
