using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Firm;

/// <summary>The firm's elevators with their live state; those that never reported say so.</summary>
public sealed partial class ElevatorTable : ComponentBase
{
    /// <summary>The firm's elevators as the city knows them.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<ElevatorPlace> Places { get; set; } = [];

    /// <summary>Live state of those that reported, by id.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyDictionary<string, ElevatorSnapshot> Live { get; set; } = default!;

    private static string RowClass(ElevatorSnapshot? live) =>
        live is null ? "" : live.Alarms.Count > 0 || live.HazardStop is not null ? "alarmed" : live.Online ? "" : "offline";
}
