using CommandCenter.Assessment;
using CommandCenter.Elevators;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.TelemetryIngest.Storage;

namespace CommandCenter.Wall;

/// <summary>
/// What the wall reads from the grains on every refresh. Elevators are not in it: they are read once
/// when a screen opens and then arrive live, and reading every elevator of a city every few seconds
/// for every screen would cost more than the whole live feed.
/// </summary>
/// <param name="ReadAt">When the reads started: anything the screen heard live after this is newer.</param>
/// <param name="OpenAlarms">Open alarms of the city.</param>
/// <param name="Month">The city's KPIs this month beside last month (<see cref="MonthKpis"/>).</param>
/// <param name="Areas">Rollup counters of every area, from the city down to each grid, by area key.</param>
/// <param name="OverdueTickets">Work orders past their disposal deadline (the newest few) and how many there are.</param>
/// <param name="Lots">Every parking lot of the city.</param>
/// <param name="FaultsPerHour">Elevator faults raised per hour over the last day, city-wide; null while the time series cannot be read.</param>
public sealed record WallSnapshot(
    DateTimeOffset ReadAt,
    IReadOnlyList<AlarmSnapshot> OpenAlarms,
    MonthComparison Month,
    IReadOnlyDictionary<string, AreaStats> Areas,
    TicketPage OverdueTickets,
    IReadOnlyList<ParkingLotSnapshot> Lots,
    IReadOnlyList<HourlyCount>? FaultsPerHour = null);

/// <summary>
/// Reads the wall's data from the grains and the time series. The periodic snapshot is read through
/// <see cref="WallSnapshotCache"/>, once for all screens of the process.
/// </summary>
public sealed class WallDataService(
    IGrainFactory grains,
    CityDirectory city,
    ElevatorQueries elevators,
    ITimeSeriesStore history,
    ICityTrend cityTrend,
    MonthKpis monthKpis,
    TimeProvider time,
    ILogger<WallDataService> logger) : IWallSnapshotSource
{
    private bool _trendFailing;

    /// <summary>Overdue work orders the ticker carries; the count covers all of them.</summary>
    public const int TickerLength = 30;

    /// <summary>Points of a floor history at most: one a minute over a day.</summary>
    public const int HistoryPoints = 1440;

    public static readonly TimeSpan HistoryWindow = TimeSpan.FromHours(24);

    public Task<IReadOnlyList<ElevatorSnapshot>> ReadElevatorsAsync(CancellationToken cancellationToken) =>
        elevators.GetAllAsync(cancellationToken);

    public async Task<WallSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var readAt = time.GetUtcNow();
        var alarmIndex = grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex);
        var openAlarms = alarmIndex.ListAsync(openOnly: true);
        var month = ReadMonthAsync();
        var areas = ReadAreasAsync();
        var tickets = TicketIndex.QueryAsync(grains, new TicketQuery { Overdue = true, Take = TickerLength }, readAt);
        var lots = Task.WhenAll(city.Topology.Lots.Select(lot => grains.GetGrain<IParkingLotGrain>(lot.Id).GetSnapshotAsync()));
        var faults = ReadFaultsPerHourAsync(readAt, cancellationToken);
        await Task.WhenAll(openAlarms, month, areas, tickets, lots, faults).WaitAsync(cancellationToken);
        return new WallSnapshot(readAt, await openAlarms, await month, await areas, await tickets, await lots, await faults);
    }

    /// <summary>The city's faults per hour; while InfluxDB is away the rest of the wall still refreshes, and screens keep the last trend.</summary>
    private async Task<IReadOnlyList<HourlyCount>?> ReadFaultsPerHourAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var hours = await cityTrend.ReadFaultsRaisedPerHourAsync(now - HistoryWindow + TimeSpan.FromHours(1), now, cancellationToken);
            _trendFailing = false;
            return hours;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (!_trendFailing)
            {
                _trendFailing = true;
                logger.LogWarning(ex, "Could not read the city's faults per hour from InfluxDB; the wall keeps the last trend until it can");
            }

            return null;
        }
    }

    /// <summary>The city's month beside last month; while the stores cannot be read the rest of the wall still refreshes, without it.</summary>
    private async Task<MonthComparison> ReadMonthAsync()
    {
        try
        {
            return await monthKpis.OfAsync(AssessmentScope.CityOf(city));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not compute the city's KPIs of the month; the wall shows them again once it can");
            return MonthComparison.Empty;
        }
    }

    /// <summary>An elevator's floors over the last day, at most one point a minute (the last of each minute), as [epoch ms, floor].</summary>
    public async Task<IReadOnlyList<double[]>> ReadFloorHistoryAsync(string elevatorId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var points = await history.ReadElevatorHistoryAsync(elevatorId, now - HistoryWindow, now, cancellationToken);
        return Downsample(points, HistoryWindow / HistoryPoints);
    }

    /// <summary>Keeps the last point of each bucket: a step chart of floors stays true to where the car ended up.</summary>
    public static IReadOnlyList<double[]> Downsample(IReadOnlyList<ElevatorHistoryPoint> points, TimeSpan bucket)
    {
        var kept = new List<double[]>();
        long? currentBucket = null;
        foreach (var point in points)
        {
            var pointBucket = point.Time.UtcTicks / bucket.Ticks;
            double[] value = [point.Time.ToUnixTimeMilliseconds(), point.Floor];
            if (pointBucket == currentBucket)
            {
                kept[^1] = value;
            }
            else
            {
                kept.Add(value);
                currentBucket = pointBucket;
            }
        }

        return kept;
    }

    /// <summary>
    /// Every area of the tree by key: the city's own figures, and each area's as its parent holds them
    /// (one read per area that has children), so a wall of one street finds its street and communities.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, AreaStats>> ReadAreasAsync()
    {
        var cityStats = grains.GetGrain<IAreaGrain>(AreaKeys.City).GetStatsAsync();
        var children = Task.WhenAll(city.Areas
            .Where(area => area.Level != AreaLevel.Grid)
            .Select(parent => grains.GetGrain<IAreaGrain>(parent.Key).GetContributionsAsync()));
        await Task.WhenAll(cityStats, children);

        var areas = new Dictionary<string, AreaStats>(StringComparer.Ordinal) { [AreaKeys.City] = await cityStats };
        foreach (var (key, stats) in (await children).SelectMany(parts => parts))
        {
            areas[key] = stats;
        }

        return areas;
    }
}
