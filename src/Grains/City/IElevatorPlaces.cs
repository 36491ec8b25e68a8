namespace CommandCenter.Grains.City;

/// <summary>What elevator rules need to know of the city: where an elevator stands, which firms can take it over, where a unit is, who is in a grid.</summary>
public interface IElevatorPlaces
{
    /// <summary>Grid, district, urban flag and maintenance firm of an elevator; null when the city does not know it.</summary>
    Abstractions.AlarmContext? ContextOf(string elevatorId);

    /// <summary>Other firms able to serve the elevator, nearest first (same district first, then by distance).</summary>
    IReadOnlyList<string> FirmsByProximity(string elevatorId, IReadOnlySet<string> excluding);

    /// <summary>The grid where a user unit's elevators stand (its first elevator's), for counting its duties.</summary>
    string? GridOfUnit(string unitId);

    /// <summary>The elevators the city file places in a grid: whose duties the grid's <c>IGridDutiesGrain</c> tracks.</summary>
    IReadOnlyList<string> ElevatorsIn(string gridId);

    /// <summary>The user units counted in a grid (<see cref="GridOfUnit"/> is that grid): whose monthly minutes it tracks.</summary>
    IReadOnlyList<string> UnitsCountedIn(string gridId);
}
