using CommandCenter.Grains.Abstractions;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>Berth occupancy of the city, the night-time free berths still free, and the fullest lots.</summary>
public sealed partial class ParkingPanel : WallComponentBase
{
    /// <summary>A lot this full is marked as full.</summary>
    public const double FullFrom = 0.9;

    [Parameter]
    public int MaxLots { get; set; } = 5;

    protected override WallTopics Topics => WallTopics.Parking;

    private int Capacity => State.Lots.Sum(l => l.Capacity);

    private int Occupied => State.Lots.Sum(l => l.Occupied);

    private int NightBerths => State.Lots.Sum(l => l.NightFreeBerths);

    private int NightAvailable => State.Lots.Sum(l => l.NightFreeAvailable);

    private bool NightActive => State.Lots.Any(l => l.NightWindowActive);

    /// <summary>The fullest lots first: those are where drivers will be turned away.</summary>
    public IEnumerable<ParkingLotSnapshot> BusiestLots() =>
        State.Lots
            .OrderByDescending(l => l.Capacity == 0 ? 0 : (double)l.Occupied / l.Capacity)
            .ThenBy(l => l.Id, StringComparer.Ordinal)
            .Take(MaxLots);

    private string Share(int part, int whole) => whole == 0 ? "—" : WallFormat.Share((double)part / whole);
}
