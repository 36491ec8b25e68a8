using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Wall;

/// <summary>Names the wall shows for ids: firms, places, addresses and the arrival clock in words.</summary>
public static class WallNames
{
    public static string FirmName(this CityDirectory city, string? firmId, WallText text) =>
        firmId is null ? text.Unassigned
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
    public static string Sla(this WallText text, AlarmSnapshot alarm, SlaStatus sla) => sla switch
    {
        { Remaining: { } left } when left > TimeSpan.Zero => $"{text.ArrivalDueIn} {SlaClock.Format(left)}",
        { Remaining: { } late } => $"{text.ArrivalOverdue} {SlaClock.Format(late)}",
        { Phase: SlaPhase.OnSite or SlaPhase.Missed } when SlaClock.ArrivedAfter(alarm) is { } after => $"{text.OnSite} {SlaClock.Format(after)}",
        { Phase: SlaPhase.Missed } => text.ArrivalOverdue,
        _ => text.NoArrivalLimit,
    };
}
