using CommandCenter.Auth;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.Localization;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The wall screen (大屏) for command-center staff: KPIs, alarms against the arrival limit, the grid
/// map, duty compliance, parking, floor trends and the overdue work-order ticker, for 1920×1080 and
/// 3840×2160. Query: <c>?lang=en</c> English (as on every page: request localization, remembered in the
/// culture cookie; the texts are <c>WallStrings.resx</c>), <c>?kiosk=1</c> no controls, <c>?view=map</c> a
/// view, <c>?rotate=30</c> cycle the views every 30 s. It reads the elevators once, then applies the live
/// feed, and takes alarms, rollups, work orders and parking from the snapshot this process shares
/// among all its wall screens (<see cref="WallSnapshotCache"/>). A wall account or operator scoped to one
/// area sees that area only (<see cref="WallScope"/>).
/// </summary>
public sealed partial class Wall : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private WallState _state = default!;
    private IDisposable? _feed;
    private IDisposable? _refresh;
    private IDisposable? _selection;
    private IDisposable? _siren;
    private ITimer? _clock;
    private WallView _view;
    private TimeSpan? _rotation;
    private string? _historyShown;
    private bool _loaded;
    private bool _sirenOn;

    [Inject]
    private WallDataService Data { get; set; } = default!;

    [Inject]
    private WallSnapshotCache Snapshots { get; set; } = default!;

    [Inject]
    private LiveFeed Feed { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ILogger<Wall> Logger { get; set; } = default!;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "kiosk")]
    public string? KioskMode { get; set; }

    [SupplyParameterFromQuery(Name = "view")]
    public string? ViewName { get; set; }

    [SupplyParameterFromQuery(Name = "rotate")]
    public int? RotateSeconds { get; set; }

    private bool Kiosk => KioskMode is "1" or "true";

    protected override async Task OnInitializedAsync()
    {
        var scope = (await Authentication).User.ScopeOf() ?? UserScope.City;
        _state = new WallState(Time, WallScope.Of(scope, City));
        if (RendererInfo.IsInteractive)
        {
            // Subscribe before reading the snapshot so no change can fall between the two.
            // The feed and the shared snapshot call from their own threads: their changes render in the page's culture.
            var culture = PageCulture.Current;
            _feed = Feed.Subscribe(change => InvokeAsync(() =>
            {
                culture.Apply();
                _state.Apply(change);
            }));
            _selection = _state.Subscribe(WallTopics.Trend, () => InvokeAsync(LoadSelectedHistoryAsync));
            _siren = _state.Subscribe(WallTopics.Alarms, () => InvokeAsync(UpdateSiren));
            _clock = Time.CreateTimer(_ => InvokeAsync(_state.Tick), null, ClockInterval, ClockInterval);
            _refresh = Snapshots.Subscribe(snapshot => InvokeAsync(() =>
            {
                culture.Apply();
                _state.Apply(snapshot);
            }));
        }

        try
        {
            _state.ApplyElevators(await Data.ReadElevatorsAsync(_stopping.Token));
            _state.Apply(await Snapshots.GetAsync(_stopping.Token));
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

    /// <summary>The siren sounds while a critical alarm waits for this screen's acknowledgement; the page re-renders only when that flips.</summary>
    private void UpdateSiren()
    {
        var on = _state.PendingCritical.Count > 0;
        if (on != _sirenOn)
        {
            _sirenOn = on;
            StateHasChanged();
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
            _state.SetSelectedHistory(id, await Data.ReadFloorHistoryAsync(id, _stopping.Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Logger.LogWarning(ex, "The wall could not read the floor history of {Elevator}", id);
        }
    }

    public ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: a read may still be unwinding on its token.
        _stopping.Cancel();
        _feed?.Dispose();
        _refresh?.Dispose();
        _selection?.Dispose();
        _siren?.Dispose();
        _clock?.Dispose();
        return ValueTask.CompletedTask;
    }
}
