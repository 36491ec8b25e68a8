using System.Collections.Concurrent;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>Hands accepted messages to the grains that model their subject.</summary>
public sealed class MessageRouter(IGrainFactory grains, IElevatorPlaces elevators, CityDirectory city)
{
    // Orleans 10 finds a grain interface's type by reflection and type-name formatting on every GetGrain, a few percent
    // of the ingest path's CPU and garbage; a reference is immutable, so each device's is made once. Bounded by the
    // city's devices: only authorized messages of registered devices are routed.
    private readonly ConcurrentDictionary<string, IElevatorGrain> _elevatorGrains = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IParkingLotGrain> _lotGrains = new(StringComparer.Ordinal);

    /// <summary>Applies the message; false when the grain kept newer state (the message is history only).</summary>
    public Task<bool> RouteAsync(IWireMessage message) => message switch
    {
        ElevatorStatusReport status => Elevator(status.DeviceId).ApplyStatusAsync(status),
        EscalatorStatusReport status => Elevator(status.DeviceId).ApplyEscalatorStatusAsync(status),
        ElevatorEventReport fault => Applied(Elevator(fault.DeviceId).ApplyEventAsync(fault)),
        PresenceReport presence when elevators.ContextOf(presence.DeviceId) is not null =>
            Applied(Elevator(presence.DeviceId).ApplyPresenceAsync(presence)),
        DailyCheckRecord daily => Applied(GridDuties.OfElevator(grains, elevators, daily.ElevatorId).RecordDailyAsync(daily)),
        WeeklyInvestigationRecord weekly => Applied(GridDuties.OfElevator(grains, elevators, weekly.ElevatorId).RecordWeeklyAsync(weekly)),
        MaintenanceRecord maintenance => Applied(GridDuties.OfElevator(grains, elevators, maintenance.ElevatorId).RecordMaintenanceAsync(maintenance)),
        MonthlySchedulingRecord monthly => Applied(GridDuties.OfUnit(grains, elevators, monthly.UnitId).RecordMonthlyAsync(monthly)),
        BerthStateReport berth => city.FindLotOfBerth(berth.DeviceId) is { } lot
            ? Lot(lot.Id).ApplyBerthAsync(berth)
            : Task.FromResult(true), // a berth the city does not know: kept in the time series only
        LotGateReport gate => Lot(gate.DeviceId).ApplyGateAsync(gate),

        // Presence of other devices is kept in the time series only.
        _ => Task.FromResult(true),
    };

    private IElevatorGrain Elevator(string id) => _elevatorGrains.GetOrAdd(id, static (key, factory) => factory.GetGrain<IElevatorGrain>(key), grains);

    private IParkingLotGrain Lot(string id) => _lotGrains.GetOrAdd(id, static (key, factory) => factory.GetGrain<IParkingLotGrain>(key), grains);

    private static async Task<bool> Applied(Task apply)
    {
        await apply;
        return true;
    }
}
