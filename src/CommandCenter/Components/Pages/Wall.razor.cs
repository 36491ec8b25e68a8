using CommandCenter.Components.Charts;
using CommandCenter.Elevators;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Pages;

/// <summary>The wall screen: every elevator as a tile, and a live chart of floors.</summary>
public sealed partial class Wall : ComponentBase, IDisposable
{
    private const int ChartedElevators = 6;
    private const int PointsPerSeries = 240;
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ChartRefresh = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, ElevatorSnapshot> _elevators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<double[]>> _floorHistory = new(StringComparer.Ordinal);
    private ApexChart? _chart;
    private IDisposable? _subscription;
    private ITimer? _stalenessTimer;
    private ITimer? _chartTimer;
    private DateTimeOffset _lastUpdate = DateTimeOffset.MinValue;
    private bool _chartDirty;

    [Inject]
    private ElevatorQueries Elevators { get; set; } = default!;

    [Inject]
    private LiveFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    private bool IsLive => Time.GetUtcNow() - _lastUpdate < StaleAfter;

    private static object ChartOptions => new
    {
        chart = new { type = "line", height = 280, background = "transparent", animations = new { enabled = false }, toolbar = new { show = false } },
        theme = new { mode = "dark" },
        stroke = new { width = 2, curve = "stepline" },
        xaxis = new { type = "datetime", labels = new { datetimeUTC = false } },
        yaxis = new { title = new { text = "floor" }, decimalsInFloat = 0 },
        legend = new { position = "top" },
        series = Array.Empty<object>(),
        noData = new { text = "等待数据 Waiting for data" },
    };

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            // Subscribe before reading the snapshot so no change can fall between the two.
            _subscription = Feed.Subscribe(change => InvokeAsync(() => Apply(change.Elevators)));
            _stalenessTimer = Time.CreateTimer(_ => InvokeAsync(StateHasChanged), null, StaleAfter, StaleAfter);
            // The chart is redrawn at most once per refresh period, including the last change of a burst.
            _chartTimer = Time.CreateTimer(_ => InvokeAsync(RefreshChartAsync), null, ChartRefresh, ChartRefresh);
        }

        Merge(await Elevators.GetAllAsync(CancellationToken.None));
        _lastUpdate = Time.GetUtcNow();
    }

    private void Apply(IReadOnlyList<ElevatorSnapshot> changes)
    {
        Merge(changes);
        _lastUpdate = Time.GetUtcNow();
        StateHasChanged();
    }

    private async Task RefreshChartAsync()
    {
        if (_chart is null || !_chartDirty)
        {
            return;
        }

        _chartDirty = false;
        await _chart.SetSeriesAsync(_floorHistory.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new ChartSeries(pair.Key, [.. pair.Value])));
    }

    private void Merge(IEnumerable<ElevatorSnapshot> snapshots)
    {
        foreach (var snapshot in snapshots)
        {
            if (_elevators.TryGetValue(snapshot.Id, out var known) && known.Status.Ts > snapshot.Status.Ts)
            {
                continue;
            }

            _elevators[snapshot.Id] = snapshot;
            RecordFloor(snapshot);
        }
    }

    private void RecordFloor(ElevatorSnapshot snapshot)
    {
        if (!_floorHistory.TryGetValue(snapshot.Id, out var points))
        {
            if (_floorHistory.Count >= ChartedElevators)
            {
                return;
            }

            _floorHistory[snapshot.Id] = points = new Queue<double[]>(PointsPerSeries);
        }

        if (points.Count == PointsPerSeries)
        {
            points.Dequeue();
        }

        points.Enqueue([snapshot.Status.Ts.ToUnixTimeMilliseconds(), snapshot.Status.Floor]);
        _chartDirty = true;
    }

    private static string DirectionSymbol(Direction direction) => direction switch
    {
        Direction.Up => "▲",
        Direction.Down => "▼",
        _ => "■",
    };

    private static string DoorText(DoorState door) => door switch
    {
        DoorState.Open => "门开 open",
        DoorState.Opening => "开门中 opening",
        DoorState.Closing => "关门中 closing",
        _ => "门关 closed",
    };

    private static string ModeText(ServiceMode mode) => mode switch
    {
        ServiceMode.OutOfService => "停止服务 out of service",
        ServiceMode.Normal => "正常 normal",
        ServiceMode.Inspection => "检修 inspection",
        ServiceMode.FireReturn => "消防返回 fire return",
        ServiceMode.Firefighter => "消防员 firefighter",
        ServiceMode.EmergencyPower => "应急电源 emergency power",
        ServiceMode.Earthquake => "地震 earthquake",
        _ => "未知 unknown",
    };

    public void Dispose()
    {
        _subscription?.Dispose();
        _stalenessTimer?.Dispose();
        _chartTimer?.Dispose();
    }
}
