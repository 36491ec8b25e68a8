using System.Globalization;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Records;

/// <summary>How diligent the people behind an app are.</summary>
/// <param name="MissedShare">Share of daily, weekly and monthly duties not done on time: half skipped, half filed late.</param>
/// <param name="OverdueShare">Share of elevators whose maintenance firm stretches the 15-day cycle.</param>
public sealed record DutySettings(double MissedShare, double OverdueShare);

/// <summary>
/// The handheld app of the safety officers, directors and technicians for some elevators and user
/// units: 日管控 daily checks of each elevator, 周排查 weekly investigations, 月调度 monthly minutes per
/// unit and maintenance visits every ~15 days, on the compressed <see cref="SimulatedCalendar"/>.
/// Each record is stamped with the real time it is filed (ts) and carries simulated dates. The people
/// and firms in the records are the city's: the elevator's safety officer and maintenance firm, its
/// unit's safety director and principal.
/// </summary>
public sealed class SafetyApp : IDeviceModel
{
    private const double RiskyDayShare = 0.08;
    private const double GeneralHazardShare = 0.2;
    private const double SeriousHazardShare = 0.02;

    private readonly IReadOnlyList<UserUnit> _units;
    private readonly Dictionary<string, UserUnit> _unitsById;
    private readonly SimulatedCalendar _calendar;
    private readonly TimeZoneInfo _zone;
    private readonly DutySettings _settings;
    private readonly Random _random;
    private readonly SequenceCounter _sequences;
    private readonly ElevatorDuties[] _elevators;
    private readonly PriorityQueue<Duty, DateTimeOffset> _duties = new();
    private DateOnly _plannedThrough;

    /// <exception cref="ArgumentException">An elevator's user unit is not among <paramref name="units"/>.</exception>
    public SafetyApp(
        string deviceId,
        IReadOnlyList<ElevatorInfo> elevators,
        IReadOnlyList<UserUnit> units,
        SimulatedCalendar calendar,
        TimeZoneInfo zone,
        DutySettings settings,
        Random random,
        SequenceCounter? sequences = null)
    {
        DeviceId = deviceId;
        _units = units;
        _unitsById = units.ToDictionary(u => u.Id, StringComparer.Ordinal);
        if (elevators.FirstOrDefault(e => !_unitsById.ContainsKey(e.UserUnitId)) is { } stray)
        {
            throw new ArgumentException($"app {deviceId}: elevator {stray.Id} belongs to unit {stray.UserUnitId}, which the app does not serve", nameof(units));
        }

        _calendar = calendar;
        _zone = zone;
        _settings = settings;
        _random = random;
        _sequences = sequences ?? new SequenceCounter();
        _plannedThrough = LocalDate(calendar.Start).AddDays(-1);
        _elevators = [.. elevators.Select(elevator => new ElevatorDuties(
            elevator,
            overdue: random.NextDouble() < settings.OverdueShare,
            nextMaintenance: _plannedThrough.AddDays(1 + random.Next(15)),
            visits: random.Next(24)))];
    }

    public string DeviceId { get; }

    public void Step(DateTimeOffset now, List<OutgoingMessage> outbox)
    {
        var simulatedNow = _calendar.Now(now);
        var today = LocalDate(simulatedNow);
        while (_plannedThrough < today)
        {
            _plannedThrough = _plannedThrough.AddDays(1);
            PlanDay(_plannedThrough);
        }

        while (_duties.TryPeek(out var duty, out var due) && due <= simulatedNow)
        {
            _duties.Dequeue();
            outbox.Add(FileRecord(duty, due, now));
        }
    }

    private void PlanDay(DateOnly day)
    {
        foreach (var elevator in _elevators)
        {
            Schedule(new DailyCheck(elevator.Info, day), At(day, 8, 17), lateBy: TimeSpan.FromDays(1));
            if (day.DayOfWeek == DayOfWeek.Monday)
            {
                var date = day.ToDateTime(TimeOnly.MinValue);
                Schedule(
                    new WeeklyInvestigation(elevator.Info, ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date)),
                    At(day.AddDays(_random.Next(5)), 9, 17),
                    lateBy: TimeSpan.FromDays(7));
            }

            if (elevator.NextMaintenance == day)
            {
                elevator.Visits++;
                var type = elevator.Visits % 24 == 0 ? MaintenanceType.Yearly
                    : elevator.Visits % 12 == 0 ? MaintenanceType.HalfYear
                    : elevator.Visits % 6 == 0 ? MaintenanceType.Quarterly
                    : MaintenanceType.HalfMonth;
                Enqueue(new MaintenanceVisit(elevator.Info, type), At(day, 9, 16));
                // At most 15 days apart by the rules; the stretched ones run a week or so over.
                elevator.NextMaintenance = day.AddDays(elevator.Overdue ? _random.Next(17, 25) : _random.Next(12, 16));
            }
        }

        if (day.Day == 1)
        {
            foreach (var unit in _units)
            {
                Schedule(new MonthlyMeeting(unit, day.Year, day.Month), At(day.AddDays(_random.Next(19, 27)), 14, 17), lateBy: TimeSpan.FromDays(7));
            }
        }
    }

    /// <summary>Plans a duty that people may skip or do late, by the configured share.</summary>
    private void Schedule(Duty duty, DateTimeOffset due, TimeSpan lateBy)
    {
        var roll = _random.NextDouble();
        if (roll < _settings.MissedShare / 2)
        {
            return;
        }

        Enqueue(duty, roll < _settings.MissedShare ? due + lateBy : due);
    }

    private void Enqueue(Duty duty, DateTimeOffset due)
    {
        // Duties of the first simulated day that were due before the run started are history nobody filed.
        if (due >= _calendar.Start)
        {
            _duties.Enqueue(duty, due);
        }
    }

    private OutgoingMessage FileRecord(Duty duty, DateTimeOffset due, DateTimeOffset now) => duty switch
    {
        DailyCheck daily => OutgoingMessage.Of(DailyRecord(daily, now)),
        WeeklyInvestigation weekly => OutgoingMessage.Of(new WeeklyInvestigationRecord(
            ElevatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.WeeklyInvestigation), now,
            weekly.Elevator.Id, weekly.Year, weekly.Week, _unitsById[weekly.Elevator.UserUnitId].SafetyDirector.Name, Hazards())),
        MonthlyMeeting monthly => OutgoingMessage.Of(new MonthlySchedulingRecord(
            ElevatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.MonthlyScheduling), now,
            monthly.Unit.Id, monthly.Year, monthly.Month, monthly.Unit.Principal,
            Pick(RecordTexts.Minutes), $"Next month: {Pick(RecordTexts.NextFocus)}.")),
        MaintenanceVisit visit => OutgoingMessage.Of(new MaintenanceRecord(
            ElevatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.Maintenance), now,
            visit.Elevator.Id, visit.Type, [.. MaintenanceItems.Traction.RequiredFor(visit.Type).Select(item => item.Id)],
            RecordTexts.Person(StableHash.Of(0, $"technician:{visit.Elevator.Id}")), visit.Elevator.MaintenanceFirmId,
            StartedAt: due - TimeSpan.FromMinutes(_random.Next(40, 101)), FinishedAt: due)),
        _ => throw new InvalidOperationException($"unknown duty {duty}"),
    };

    private DailyCheckRecord DailyRecord(DailyCheck daily, DateTimeOffset now)
    {
        RiskFinding[] risks = _random.NextDouble() < RiskyDayShare
            ? [.. Enumerable.Range(0, _random.Next(1, 3)).Select(_ => Pick(RecordTexts.Risks)).Distinct().Select(r => new RiskFinding(r.Item, r.Note))]
            : [];
        return new DailyCheckRecord(
            ElevatorStatusReport.CurrentSchema, DeviceId, _sequences.Next(MessageKind.DailyCheck), now,
            daily.Elevator.Id, daily.Date, daily.Elevator.SafetyOfficer.Name, ZeroRisk: risks.Length == 0, risks);
    }

    private Hazard[] Hazards()
    {
        var roll = _random.NextDouble();
        return roll < SeriousHazardShare ? [new Hazard(Pick(RecordTexts.SeriousHazards), HazardSeverity.Serious, Fixed: false)]
            : roll < GeneralHazardShare ? [new Hazard(Pick(RecordTexts.GeneralHazards), HazardSeverity.General, Fixed: _random.NextDouble() < 0.7)]
            : [];
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A random time between two local hours of a simulated day.</summary>
    private DateTimeOffset At(DateOnly day, int fromHour, int toHour)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).AddMinutes(_random.Next(fromHour * 60, toHour * 60));
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    private DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    private abstract record Duty;

    private sealed record DailyCheck(ElevatorInfo Elevator, DateOnly Date) : Duty;

    private sealed record WeeklyInvestigation(ElevatorInfo Elevator, int Year, int Week) : Duty;

    private sealed record MonthlyMeeting(UserUnit Unit, int Year, int Month) : Duty;

    private sealed record MaintenanceVisit(ElevatorInfo Elevator, MaintenanceType Type) : Duty;

    private sealed class ElevatorDuties(ElevatorInfo info, bool overdue, DateOnly nextMaintenance, int visits)
    {
        public ElevatorInfo Info { get; } = info;

        public bool Overdue { get; } = overdue;

        public DateOnly NextMaintenance { get; set; } = nextMaintenance;

        public int Visits { get; set; } = visits;
    }
}
