using CommandCenter.Assessment;
using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Wall;

namespace CommandCenter.UiTests;

/// <summary>Elevators, alarms and a city to put on a test wall.</summary>
public static class WallData
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static readonly GeneratedCity Demo = CityGenerator.GenerateWithAreas(CityGeneratorOptions.Demo);

    /// <summary>The demo city with its outlines: two urban districts, 16 grids, 24 elevators, 3 lots.</summary>
    public static CityDirectory City { get; } = new(Demo.Topology, Demo.Areas);

    /// <summary>The map's drawing of the demo city, as the server's singleton holds it.</summary>
    public static CityMapGeometry Map { get; } = new(City);

    public static ElevatorSnapshot Elevator(string id, int floor, DateTimeOffset at, bool online = true, ServiceMode mode = ServiceMode.Normal) =>
        new(id, new ElevatorStatusReport(ElevatorStatusReport.CurrentSchema, id, 1, at, floor, Direction.Up, DoorState.Closed, true, mode), at, online);

    public static ElevatorSnapshot Escalator(
        string id, EscalatorDirection direction, double speed, DateTimeOffset at, StepState steps = StepState.Ok, HandrailState handrail = HandrailState.Ok) =>
        new(id, null, at, Escalator: new EscalatorStatusReport(
            EscalatorStatusReport.CurrentSchema, id, 1, at, direction != EscalatorDirection.Stopped, direction, speed, steps, handrail));

    /// <summary>A trapped-passenger alarm (critical, 30-minute arrival limit) dispatched to each firm in turn.</summary>
    public static AlarmSnapshot Trapped(string id, DateTimeOffset occurredAt, AlarmStatus status = AlarmStatus.Occurred, params string[] firms)
    {
        firms = firms.Length == 0 ? ["FIRM-001"] : firms;
        var dispatches = firms.Select((firm, i) =>
        {
            var at = occurredAt + TimeSpan.FromMinutes(30 * i);
            return new AlarmDispatch(firm, at, at + TimeSpan.FromMinutes(30), i == 0 ? "maintenance firm of the elevator" : "previous firm missed");
        }).ToList();
        var steps = new List<AlarmStep> { new(AlarmStatus.Occurred, occurredAt, "EL-0001", null) };
        if (status is AlarmStatus.Arrived or AlarmStatus.Completed)
        {
            steps.Add(new(AlarmStatus.Arrived, occurredAt + TimeSpan.FromMinutes(14), firms[^1], null));
        }

        if (status == AlarmStatus.Completed)
        {
            steps.Add(new(AlarmStatus.Completed, occurredAt + TimeSpan.FromMinutes(20), firms[^1], null));
        }

        var place = City.FindElevator("EL-0001")!.Place;
        return new AlarmSnapshot(
            id, "EL-0001", FaultCodes.TrappedPassenger, "trapped passenger", AlarmSeverity.Critical, status, occurredAt, 5,
            place.Grid.Id, place.District.Id, dispatches, steps, null, firms.Length > 1, null);
    }

    public static AlarmSnapshot Minor(string id, DateTimeOffset occurredAt) =>
        new(id, "EL-0002", "02", "door-close fault", AlarmSeverity.Minor, AlarmStatus.Occurred, occurredAt, 3, null, null,
            [new AlarmDispatch("FIRM-001", occurredAt, null, "maintenance firm of the elevator")],
            [new AlarmStep(AlarmStatus.Occurred, occurredAt, "EL-0002", null)], null, false, null);

    public static WallSnapshot Snapshot(DateTimeOffset readAt, IReadOnlyList<AlarmSnapshot>? alarms = null, IReadOnlyDictionary<string, AreaStats>? areas = null) =>
        new(readAt, alarms ?? [], MonthComparison.Empty, areas ?? ImmutableDictionary<string, AreaStats>.Empty, new TicketPage(0, []), []);
}
