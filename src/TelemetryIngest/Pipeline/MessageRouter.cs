using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>Hands accepted messages to the grains that model their subject.</summary>
public sealed class MessageRouter(IGrainFactory grains, IElevatorPlaces elevators, CityDirectory city)
{
    /// <summary>Applies the message; false when the grain kept newer state (the message is history only).</summary>
    public Task<bool> RouteAsync(IWireMessage message) => message switch
    {
        ElevatorStatusReport status => grains.GetGrain<IElevatorGrain>(status.DeviceId).ApplyStatusAsync(status),
        EscalatorStatusReport status => grains.GetGrain<IElevatorGrain>(status.DeviceId).ApplyEscalatorStatusAsync(status),
        ElevatorEventReport fault => Applied(grains.GetGrain<IElevatorGrain>(fault.DeviceId).ApplyEventAsync(fault)),
        PresenceReport presence when elevators.ContextOf(presence.DeviceId) is not null =>
            Applied(grains.GetGrain<IElevatorGrain>(presence.DeviceId).ApplyPresenceAsync(presence)),
        DailyCheckRecord daily => Applied(GridDuties.OfElevator(grains, elevators, daily.ElevatorId).RecordDailyAsync(daily)),
        WeeklyInvestigationRecord weekly => Applied(GridDuties.OfElevator(grains, elevators, weekly.ElevatorId).RecordWeeklyAsync(weekly)),
        MaintenanceRecord maintenance => Applied(GridDuties.OfElevator(grains, elevators, maintenance.ElevatorId).RecordMaintenanceAsync(maintenance)),
        MonthlySchedulingRecord monthly => Applied(GridDuties.OfUnit(grains, elevators, monthly.UnitId).RecordMonthlyAsync(monthly)),
        BerthStateReport berth => city.FindLotOfBerth(berth.DeviceId) is { } lot
            ? grains.GetGrain<IParkingLotGrain>(lot.Id).ApplyBerthAsync(berth)
            : Task.FromResult(true), // a berth the city does not know: kept in the time series only
        LotGateReport gate => grains.GetGrain<IParkingLotGrain>(gate.DeviceId).ApplyGateAsync(gate),

        // Presence of other devices is kept in the time series only.
        _ => Task.FromResult(true),
    };

    private static async Task<bool> Applied(Task apply)
    {
        await apply;
        return true;
    }
}
