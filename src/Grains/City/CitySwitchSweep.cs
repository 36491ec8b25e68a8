using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Grains.City;

/// <summary>What one sweep asked of the grains after a city switch.</summary>
public sealed record CitySweepResult(int AreasMoved, int ElevatorsMoved, int LotsMoved, int GridDutiesRefreshed);

/// <summary>
/// Brings the grains along when a silo's <see cref="CityDirectory"/> switches to an imported city: areas the city moved
/// or retired leave their former parents, elevators moved or retired leave their former grids' rollups, lots changed or
/// retired take the new lot, and every grid whose elevators or user units changed takes in its duties again (new ones
/// tracked from now, retired ones dropped). Every step is idempotent (whole contributions, never deltas), so each silo
/// sweeps after its own switch: the last silo to switch sweeps when every silo sees the new city, whichever silo a grain
/// lives on.
/// </summary>
public sealed class CitySwitchSweep(IGrainFactory grains, ILogger<CitySwitchSweep> logger)
{
    /// <summary>Grains asked at once: enough to finish a Yinchuan-size import in seconds without crowding out live traffic.</summary>
    private const int Parallelism = 16;

    public async Task<CitySweepResult> SweepAsync(CitySwitch change, CancellationToken cancellationToken = default)
    {
        var (before, after) = (change.Before, change.After);

        var movedAreas = before.Areas
            .Where(area => area.ParentKey is not null && after.ParentOf(area.Key) != area.ParentKey)
            .Select(area => (area.Key, FormerParent: area.ParentKey!))
            .ToList();
        var movedElevators = before.Topology.Elevators
            .Where(elevator => after.FindElevator(elevator.Id)?.Elevator.GridId != elevator.GridId)
            .Select(elevator => (elevator.Id, elevator.GridId))
            .ToList();
        var changedLots = before.Topology.Lots
            .Where(lot => after.FindLot(lot.Id) is not { } now || !SameLot(lot, now))
            .Select(lot => (lot.Id, lot.GridId))
            .ToList();
        var dutyGrids = before.GridIds.Union(after.GridIds, StringComparer.Ordinal)
            .Where(grid => !before.ElevatorsIn(grid).SequenceEqual(after.ElevatorsIn(grid), StringComparer.Ordinal)
                || !before.UnitsCountedIn(grid).SequenceEqual(after.UnitsCountedIn(grid), StringComparer.Ordinal))
            .ToList();

        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        // Children first: an area withdraws from its former parent after its own sources left it.
        await Parallel.ForEachAsync(movedElevators, options, async (moved, _) => await grains.GetGrain<IElevatorGrain>(moved.Id).LeaveGridAsync(moved.GridId));
        await Parallel.ForEachAsync(changedLots, options, async (lot, _) => await grains.GetGrain<IParkingLotGrain>(lot.Id).LeaveGridAsync(lot.GridId));
        await Parallel.ForEachAsync(dutyGrids, options, async (grid, _) => await grains.GetGrain<IGridDutiesGrain>(grid).RefreshAsync());
        await Parallel.ForEachAsync(movedAreas, options, async (area, _) => await grains.GetGrain<IAreaGrain>(area.Key).LeaveParentAsync(area.FormerParent));

        var result = new CitySweepResult(movedAreas.Count, movedElevators.Count, changedLots.Count, dutyGrids.Count);
        logger.LogInformation(
            "City switched from {Before} to {After}: {Areas} areas moved or retired, {Elevators} elevators moved or retired, {Lots} lots changed or retired, " +
            "duties of {Grids} grids taken in again",
            before.Summary.Name, after.Summary.Name, result.AreasMoved, result.ElevatorsMoved, result.LotsMoved, result.GridDutiesRefreshed);
        return result;
    }

    private static bool SameLot(Protocol.ParkingLotInfo before, Protocol.ParkingLotInfo after) =>
        before.GridId == after.GridId && before.Capacity == after.Capacity && before.Name == after.Name
        && before.BerthSensorIds.SequenceEqual(after.BerthSensorIds, StringComparer.Ordinal)
        && before.NightFreeBerthSensorIds.SequenceEqual(after.NightFreeBerthSensorIds, StringComparer.Ordinal);
}
