using CommandCenter.Elevators;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The wall screen (大屏) for command-center staff: KPIs, alarms against the arrival limit, the grid
/// map, duty compliance, parking, floor trends and the overdue work-order ticker, for 1920×1080 and
/// 3840×2160. Query: <c>?lang=en</c> English, <c>?kiosk=1</c> no controls, <c>?view=map</c> a view,
/// <c>?rotate=30</c> cycle the views every 30 s. It reads a snapshot from the grains, then applies the
/// live feed and re-reads rollups, work orders and parking every few seconds.
/// </summary>
public sealed partial class Wall : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private WallState _state = default!;
    private WallDataService _data = default!;
    private IDisposable? _feed;
    private IDisposable? _selection;
    private ITimer? _clock;
    private WallView _view;
    private TimeSpan? _rotation;
    private string? _historyShown;
    private bool _loaded;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private ElevatorQueries ElevatorQueries { get; set; } = default!;

    [Inject]
    private ITimeSeriesStore History { get; set; } = default!;

    [Inject]
    private LiveFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Wall> Logger { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "lang")]
    public string? Language { get; set; }

    [SupplyParameterFromQuery(Name = "kiosk")]
    public string? KioskMode { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? ViewName { get; set; }

    [SupplyParameterFromQuery(Name = "rotate")]
    public int? RotateSeconds { get; set; }

    private WallText Text => WallText.For(Language);

    private bool Kiosk => KioskMode is "1" or "true";

    protected override async Task OnInitializedAsync()
    {
        _state = new WallState(Time);
        _data = new WallDataService(Grains, City, ElevatorQueries, History, Time);
        if (RendererInfo.IsInteractive)
        {
            // Subscribe before reading the snapshot so no change can fall between the two.
            _feed = Feed.Subscribe(change => InvokeAsync(() => _state.Apply(change)));
            _selection = _state.Subscribe(WallTopics.Trend, () => InvokeAsync(LoadSelectedHistoryAsync));
            _clock = Time.CreateTimer(_ => InvokeAsync(_state.Tick), null, ClockInterval, ClockInterval);
            _ = RefreshPeriodicallyAsync(_stopping.Token);
        }

        try
        {
            _state.ApplyElevators(await _data.ReadElevatorsAsync(_stopping.Token));
            _state.Apply(await _data.ReadAsync(_stopping.Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The screen still opens; the badge shows the data as stale until a refresh succeeds.
            Logger.LogWarning(ex, "The wall could not read its first snapshot");
        }

        _loaded = true;
    }

    protected override void OnParametersSet()
    {
        _view = WallRotation.Parse(ViewName);
        _rotation = WallRotation.Period(RotateSeconds);
    }

    private async Task RefreshPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var snapshot = await _data.ReadAsync(cancellationToken);
                    await InvokeAsync(() => _state.Apply(snapshot));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Logger.LogWarning(ex, "The wall could not refresh; retrying in {Interval}", RefreshInterval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The screen closed.
        }
    }

    /// <summary>When a tile was picked, reads that elevator's day of floors for the trend chart.</summary>
    private async Task LoadSelectedHistoryAsync()
    {
        if (_state.SelectedElevator == _historyShown)
        {
            return;
        }

        _historyShown = _state.SelectedElevator;
        if (_historyShown is not { } id)
        {
            return;
        }

        try
        {
            _state.SetSelectedHistory(id, await _data.ReadFloorHistoryAsync(id, _stopping.Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "The wall could not read the floor history of {Elevator}", id);
        }
    }

    public ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: the refresh loop may still be unwinding on its token.
        _stopping.Cancel();
        _feed?.Dispose();
        _selection?.Dispose();
        _clock?.Dispose();
        return ValueTask.CompletedTask;
    }
}
