using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Firm;

/// <summary>Duty compliance of the firm's elevators: counts per duty and status, and what needs attention.</summary>
public sealed partial class DutyPanel : ComponentBase
{
    private static readonly (string Name, Func<ElevatorDuties, DutyStanding> Pick)[] Kinds =
    [
        ("日管控 Daily", d => d.Daily),
        ("周排查 Weekly", d => d.Weekly),
        ("维保 Maintenance", d => d.Maintenance),
    ];

    [Parameter, EditorRequired]
    public IReadOnlyList<ElevatorDuties> Duties { get; set; } = [];

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    /// <summary>Every duty that is due soon or overdue, overdue first.</summary>
    private List<(string Elevator, string Name, DutyStanding Standing)> Attention =>
        [.. Duties.SelectMany(d => Kinds.Select(kind => (d.ElevatorId, kind.Name, Standing: kind.Pick(d))))
            .Where(item => item.Standing.Status != DutyStatus.Normal)
            .OrderByDescending(item => item.Standing.Status)
            .ThenBy(item => item.Standing.DueAt)];
}
