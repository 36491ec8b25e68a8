using CommandCenter.Assessment;
using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;

namespace CommandCenter.Wall;

/// <summary>Parts of the wall's state a component can watch.</summary>
[Flags]
public enum WallTopics
{
    None = 0,
    Elevators = 1,
    Alarms = 2,
    Areas = 4,
    Tickets = 8,
    Parking = 16,

    /// <summary>The one-second tick: clocks, countdowns and staleness.</summary>
    Clock = 32,

    /// <summary>The floor charts: the live tail and the selected elevator's history.</summary>
    Trend = 64,

    /// <summary>The city's faults per hour.</summary>
    CityTrend = 128,
}

/// <summary>
/// One screen's picture of the city: a snapshot read from the grains, then the live changes on top.
/// It is touched only on the screen's renderer (the page applies changes through <c>InvokeAsync</c>),
/// so it needs no locks. Components subscribe to the topics they show; each subscription is
/// coalesced to at most one render per <see cref="RenderInterval"/> and never drops the last change,
/// while alarms render at once. Every history it keeps is bounded. A screen of one area
/// (<see cref="WallScope"/>) keeps nothing from outside it.
/// </summary>
public sealed class WallState(TimeProvider time, WallScope? scope = null)
{
    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>No live change and no successful refresh for this long: the screen says its data is stale.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);

    /// <summary>Closed alarms remembered so an older snapshot cannot bring them back.</summary>
    public const int ClosedAlarmsKept = 200;


    private const int SelectedHistoryPoints = WallDataService.HistoryPoints + FloorTrend.DefaultPoints;

    private readonly Dictionary<string, ElevatorSnapshot> _elevators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlarmEntry> _alarms = new(StringComparer.Ordinal);
    private readonly Queue<string> _closedAlarms = new();
    private readonly CircularBuffer<double[]> _selectedHistory = new(SelectedHistoryPoints);
    private ImmutableArray<Subscription> _subscriptions = [];

    public TimeProvider Time { get; } = time;

    /// <summary>The whole city, or the one area this screen shows.</summary>
    public WallScope Scope { get; } = scope ?? WallScope.WholeCity;

    public DateTimeOffset Now => Time.GetUtcNow();

    public IReadOnlyDictionary<string, ElevatorSnapshot> Elevators => _elevators;

    /// <summary>Open alarms, critical first, then oldest first.</summary>
    public IReadOnlyList<AlarmSnapshot> OpenAlarms { get; private set; } = [];

    /// <summary>Open critical alarms not yet acknowledged for this wall's area (<see cref="WallScope.Acknowledged"/>), oldest first.</summary>
    public IReadOnlyList<AlarmSnapshot> PendingCritical { get; private set; } = [];

    public MonthComparison Month { get; private set; } = MonthComparison.Empty;

    public IReadOnlyDictionary<string, AreaStats> Areas { get; private set; } = ImmutableDictionary<string, AreaStats>.Empty;

    public TicketPage OverdueTickets { get; private set; } = new(0, []);

    public IReadOnlyList<ParkingLotSnapshot> Lots { get; private set; } = [];

    public FloorTrend Floors { get; } = new();

    /// <summary>The city's elevator faults per hour over the last day, with the live tail.</summary>
    public FaultsPerHour FaultsPerHour { get; } = new();

    /// <summary>The elevator whose day of floors the trend chart shows instead of the live tail.</summary>
    public string? SelectedElevator { get; private set; }

    /// <summary>The selected elevator's floors: the last day from the time series, then its live tail.</summary>
    public IReadOnlyList<double[]> SelectedHistory => _selectedHistory.ToArray();

    /// <summary>Grows whenever what the floor charts show changed.</summary>
    public long TrendVersion { get; private set; }

    /// <summary>When the last live change or successful refresh arrived.</summary>
    public DateTimeOffset? LastUpdate { get; private set; }

    public bool IsLive => LastUpdate is { } last && Now - last < StaleAfter;

    /// <summary>Counts clock ticks, so the browser can tell a silent server from a quiet city.</summary>
    public long Beat { get; private set; }

    public AreaStats AreaOf(string key) => Areas.GetValueOrDefault(key) ?? AreaStats.Empty;

    /// <summary>Calls <paramref name="onChange"/> when a watched topic changes: at most once per interval (default <see cref="RenderInterval"/>), alarms at once.</summary>
    public IDisposable Subscribe(WallTopics topics, Func<Task> onChange, TimeSpan? interval = null)
    {
        var subscription = new Subscription(this, topics, new Coalescer(interval ?? RenderInterval, Time, onChange));
        _subscriptions = _subscriptions.Add(subscription);
        return subscription;
    }

    public void Apply(LiveChange change)
    {
        ApplyElevators(change.Elevators);
        if (change.Alarm is { } alarm)
        {
            Upsert(alarm, Now);
            Refresh(FaultsPerHour.Hear(alarm) ? WallTopics.Alarms | WallTopics.CityTrend : WallTopics.Alarms);
        }
    }

    public void ApplyElevators(IEnumerable<ElevatorSnapshot> snapshots)
    {
        var changed = false;
        foreach (var snapshot in snapshots)
        {
            // Snapshots and live changes can cross; the newest report wins.
            if (!Scope.CoversElevator(snapshot.Id) || _elevators.TryGetValue(snapshot.Id, out var known) && known.ReportedAt > snapshot.ReportedAt)
            {
                continue;
            }

            _elevators[snapshot.Id] = snapshot;
            Floors.Record(snapshot);
            if (snapshot.Id == SelectedElevator && FloorTrend.PointOf(snapshot) is { } point)
            {
                _selectedHistory.Add(point);
            }

            changed = true;
        }

        if (changed)
        {
            TrendVersion++;
            Refresh(WallTopics.Elevators | WallTopics.Trend);
        }
    }

    public void Apply(WallSnapshot snapshot)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alarm in snapshot.OpenAlarms.Where(a => Scope.CoversElevator(a.ElevatorId)))
        {
            listed.Add(alarm.Id);
            Upsert(alarm, snapshot.ReadAt);
        }

        // Open here but not in the city's list: closed while this screen missed the change. One heard
        // after the read began may simply be too new for the list, so it stays.
        foreach (var gone in _alarms.Values.Where(e => e.Alarm.IsOpen && !listed.Contains(e.Alarm.Id) && e.ReceivedAt < snapshot.ReadAt).ToList())
        {
            _alarms.Remove(gone.Alarm.Id);
        }

        Month = snapshot.Month;
        Areas = snapshot.Areas;
        OverdueTickets = Scope.IsCity ? snapshot.OverdueTickets : OverdueInScope(snapshot.OverdueTickets);
        Lots = Scope.IsCity ? snapshot.Lots : [.. snapshot.Lots.Where(l => Scope.CoversGrid(l.GridId))];
        if (snapshot.FaultsPerHour is { } faults)
        {
            FaultsPerHour.Load(faults, snapshot.ReadAt);
        }

        Refresh(WallTopics.Alarms | WallTopics.Areas | WallTopics.Tickets | WallTopics.Parking | WallTopics.CityTrend);
    }

    /// <summary>Advances the clock: countdowns and the staleness badge move on.</summary>
    public void Tick()
    {
        Beat++;
        Notify(WallTopics.Clock, immediately: false);
    }

    /// <summary>Chooses the elevator the trend chart follows; null goes back to the live tail.</summary>
    public void Select(string? elevatorId)
    {
        SelectedElevator = elevatorId;
        _selectedHistory.Clear();
        TrendVersion++;
        Notify(WallTopics.Trend, immediately: true);
    }

    /// <summary>Puts the selected elevator's day of floors before the live points that arrived meanwhile.</summary>
    public void SetSelectedHistory(string elevatorId, IReadOnlyList<double[]> history)
    {
        if (elevatorId != SelectedElevator)
        {
            return;
        }

        var tail = _selectedHistory.ToArray();
        var tailStart = tail.Length > 0 ? tail[0][0] : double.MaxValue;
        _selectedHistory.Clear();
        foreach (var point in history.Where(p => p[0] < tailStart).Concat(tail))
        {
            _selectedHistory.Add(point);
        }

        TrendVersion++;
        Notify(WallTopics.Trend, immediately: true);
    }

    /// <summary>
    /// The area's overdue count from its rollup, which counts all of them; the ticker carries those of the
    /// city's newest overdue work orders that lie in the area.
    /// </summary>
    private TicketPage OverdueInScope(TicketPage city)
    {
        var area = AreaOf(Scope.AreaKey);
        var overdue = area[AreaMetrics.TicketsOverdueYellow] + area[AreaMetrics.TicketsOverdueRed] + area[AreaMetrics.TicketsOverdueUrgent];
        return new TicketPage((int)overdue, [.. city.Items.Where(t => Scope.CoversGrid(t.Location.GridId))]);
    }

    private void Upsert(AlarmSnapshot alarm, DateTimeOffset receivedAt)
    {
        if (!Scope.CoversElevator(alarm.ElevatorId))
        {
            return;
        }

        if (_alarms.TryGetValue(alarm.Id, out var known) && known.Alarm.Progress > alarm.Progress)
        {
            return;
        }

        _alarms[alarm.Id] = new AlarmEntry(alarm, receivedAt);
        if (!alarm.IsOpen && (known is null || known.Alarm.IsOpen))
        {
            _closedAlarms.Enqueue(alarm.Id);
            if (_closedAlarms.Count > ClosedAlarmsKept)
            {
                _alarms.Remove(_closedAlarms.Dequeue());
            }
        }
    }

    private void Refresh(WallTopics changed)
    {
        LastUpdate = Now;
        if (changed.HasFlag(WallTopics.Alarms))
        {
            OpenAlarms = [.. _alarms.Values.Select(e => e.Alarm).Where(a => a.IsOpen)
                .OrderByDescending(a => a.Severity).ThenBy(a => a.OccurredAt).ThenBy(a => a.Id, StringComparer.Ordinal)];
            UpdatePending();
        }

        Notify(changed, immediately: changed.HasFlag(WallTopics.Alarms));
    }

    private void UpdatePending() =>
        PendingCritical = [.. OpenAlarms.Where(a => a.Severity == AlarmSeverity.Critical && !Scope.Acknowledged(a)).OrderBy(a => a.OccurredAt)];

    private void Notify(WallTopics changed, bool immediately)
    {
        foreach (var subscription in _subscriptions)
        {
            if ((subscription.Topics & changed) == WallTopics.None)
            {
                continue;
            }

            if (immediately)
            {
                subscription.Coalescer.RunNow();
            }
            else
            {
                subscription.Coalescer.Request();
            }
        }
    }

    private sealed record AlarmEntry(AlarmSnapshot Alarm, DateTimeOffset ReceivedAt);

    private sealed class Subscription(WallState state, WallTopics topics, Coalescer coalescer) : IDisposable
    {
        public WallTopics Topics { get; } = topics;

        public Coalescer Coalescer { get; } = coalescer;

        public void Dispose()
        {
            state._subscriptions = state._subscriptions.Remove(this);
            Coalescer.Dispose();
        }
    }
}
