using CommandCenter.Alarms;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Elevators as tiles: a lift's floor, motion, door and mode; an escalator's running direction, speed and state. Without <see cref="Only"/> it shows those with an
/// alarm or a hazard stop first, then those out of normal service, then the most recently active, up
/// to <see cref="Limit"/>, in id order so tiles do not jump about. Silent elevators are not ranked up:
/// in a large city hundreds may be offline, and the KPI strip counts them. Clicking a tile charts
/// that elevator's day.
/// </summary>
public sealed partial class ElevatorTiles : WallComponentBase
{
    /// <summary>Most tiles shown when choosing from the whole city.</summary>
    [Parameter]
    public int Limit { get; set; } = 12;

    /// <summary>Exactly these elevators (a grid's), including those that never reported.</summary>
    [Parameter]
    public IReadOnlyList<string>? Only { get; set; }

    [Parameter]
    public bool Compact { get; set; }

    protected override WallTopics Topics => WallTopics.Elevators | WallTopics.Trend;

    /// <summary>An alarm, a hazard stop, or a reporting elevator out of normal service.</summary>
    public static bool NeedsAttention(ElevatorSnapshot elevator) => Urgency(elevator) > 0;

    /// <summary>Up to <paramref name="limit"/> elevators worth a tile, most urgent then most recent first; returned in id order.</summary>
    public static IReadOnlyList<string> Choose(IEnumerable<ElevatorSnapshot> elevators, int limit) =>
        [.. elevators
            .OrderByDescending(Urgency)
            .ThenByDescending(e => e.ReceivedAt)
            .Take(limit)
            .Select(e => e.Id)
            .Order(StringComparer.Ordinal)];

    private static int Urgency(ElevatorSnapshot elevator) =>
        elevator.Alarms.Count > 0 || elevator.HazardStop is not null ? 2
        : elevator.Online && (elevator.OutOfNormalService || elevator.Escalator is { Steps: StepState.Missing } or { Handrail: HandrailState.Fault }) ? 1
        : 0;

    private IEnumerable<(string Id, ElevatorSnapshot? Snapshot)> Tiles() =>
        (Only ?? Choose(State.Elevators.Values, Limit)).Select(id => (id, State.Elevators.GetValueOrDefault(id)));

    private string Caption(ElevatorSnapshot elevator, ElevatorStatusReport status) =>
        Problem(elevator) ?? Text.Name(status.Mode);

    /// <summary>An escalator says what is wrong with its steps or handrails, else whether it runs.</summary>
    private string Caption(ElevatorSnapshot elevator, EscalatorStatusReport steps) =>
        Problem(elevator)
        ?? (steps.Steps == StepState.Missing ? Text.Name(StepState.Missing)
            : steps.Handrail == HandrailState.Fault ? Text.Name(HandrailState.Fault)
            : Text[steps.Running ? "Running" : "EscalatorStopped"]);

    private string? Problem(ElevatorSnapshot elevator) =>
        elevator.Alarms.Count > 0 ? FaultText.FaultName(elevator.Alarms[0])
        : elevator.HazardStop is not null ? Text["HazardStop"].Value
        : !elevator.Online ? Text["Offline"].Value
        : null;

    private void Toggle(string id) => State.Select(id == State.SelectedElevator ? null : id);

    private static string DirectionSymbol(Direction direction) => direction switch
    {
        Direction.Up => "▲",
        Direction.Down => "▼",
        _ => "■",
    };

    /// <summary>An escalator at rest shows a square even when a travel direction is set for its next start.</summary>
    private static string DirectionSymbol(EscalatorStatusReport steps) =>
        steps.Running ? DirectionSymbol(steps.Direction == EscalatorDirection.Down ? Direction.Down : Direction.Up) : "■";
}
