using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>One figure of the KPI strip; <see cref="Tone"/> is good, warn, bad or plain.</summary>
public sealed record Kpi(string Key, string Label, string Value, string? Unit, string? Note, string Tone);

/// <summary>
/// The city (or the screen's area) at a glance: elevators online and running, open and trapped alarms, arrival misses and
/// the average arrival, overdue work orders, parking, night-free berths and maintenance compliance.
/// </summary>
public sealed partial class KpiStrip : WallComponentBase
{
    [Inject]
    private CityDirectory City { get; set; } = default!;

    protected override WallTopics Topics =>
        WallTopics.Elevators | WallTopics.Alarms | WallTopics.Areas | WallTopics.Tickets | WallTopics.Parking | WallTopics.Clock;

    /// <summary>The strip's figures from the state, in display order.</summary>
    public IEnumerable<Kpi> Kpis()
    {
        var elevators = State.Elevators.Values;
        var online = elevators.Count(e => e.Online);
        // Every elevator of the city file counts, one that never reported as offline; devices the file lacks count once they report.
        var total = State.Scope.ElevatorCount(City.Summary.Elevators) + elevators.Count(e => City.FindElevator(e.Id) is null);
        yield return new Kpi("online", Text["ElevatorsOnline"], WallFormat.Count(online), $"/{WallFormat.Count(total)}", null, online < total ? "warn" : "good");
        yield return new Kpi("running", Text["Running"], WallFormat.Count(elevators.Count(e => e.Online && e.Running)), null, null, "plain");

        var alarms = State.OpenAlarms;
        var critical = alarms.Count(a => a.Severity == AlarmSeverity.Critical);
        yield return new Kpi(
            "alarms", Text["OpenAlarms"], WallFormat.Count(alarms.Count), null, $"{Text["CriticalAlarms"]} {WallFormat.Count(critical)}",
            critical > 0 ? "bad" : alarms.Count > 0 ? "warn" : "good");

        var now = State.Now;
        var missed = alarms.Count(a => SlaClock.Of(a, now).Phase == SlaPhase.Missed);
        // The month's average arrival is read for the whole city only: an area's screen leaves it out rather than show the city's as its own.
        var month = $"{Text["AverageArrival"]} {Minutes(State.Month.ThisMonth)} {Text["Minutes"]} · {Text["LastMonth"]} {Minutes(State.Month.LastMonth)}";
        yield return new Kpi("sla", Text["SlaMisses"], WallFormat.Count(missed), null, State.Scope.IsCity ? month : null, missed > 0 ? "bad" : "good");

        var area = State.AreaOf(State.Scope.AreaKey);
        var red = area[AreaMetrics.TicketsOverdueRed] + area[AreaMetrics.TicketsOverdueUrgent];
        var overdue = State.OverdueTickets.Total;
        yield return new Kpi(
            "tickets", Text["OverdueTickets"], WallFormat.Count(overdue), null,
            $"{Text.Name(SupervisionLevel.Red)}+ {WallFormat.Count(red)}", red > 0 ? "bad" : overdue > 0 ? "warn" : "good");

        var lots = State.Lots;
        var capacity = lots.Sum(l => l.Capacity);
        var occupied = lots.Sum(l => l.Occupied);
        yield return new Kpi(
            "parking", Text["ParkingOccupancy"], capacity == 0 ? "—" : WallFormat.Share((double)occupied / capacity), null,
            $"{Text["Free"]} {WallFormat.Count(capacity - occupied)}", "plain");

        var nightBerths = lots.Sum(l => l.NightFreeBerths);
        var nightActive = lots.Any(l => l.NightWindowActive);
        yield return new Kpi(
            "night", Text["NightFreeBerths"], nightActive ? WallFormat.Count(lots.Sum(l => l.NightFreeAvailable)) : "—", $"/{WallFormat.Count(nightBerths)}",
            nightActive ? Text["NightWindowActive"] : Text["NightWindowInactive"], "plain");

        var maintenance = ComplianceRow.Of(State.Scope.AreaKey, "", area).Maintenance;
        yield return new Kpi(
            "maintenance", Text["MaintenanceCompliance"], maintenance.Percent, null, null,
            maintenance.Grade switch { ComplianceGrade.Poor => "bad", ComplianceGrade.Fair => "warn", ComplianceGrade.Good => "good", _ => "plain" });
    }

    private static string Minutes(Assessment.KpiFigures figures) =>
        figures.Alarms?.AverageArrivalMinutes is { } minutes ? minutes.ToString("0.0", CultureInfo.InvariantCulture) : "—";
}
