using CommandCenter.Components.Charts;
using CommandCenter.Wall;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Floors over time with ApexCharts: the live tail of the most recently active elevators, or, for
/// the elevator picked on a tile, its last 24 hours from the time series followed by its live tail.
/// The chart is redrawn at most once a second, always including the last change of a burst.
/// </summary>
public sealed partial class TrendChart : WallComponentBase
{
    /// <summary>The live tail's window: recent enough to follow a car, and the axis a fresh wall starts with even from one point.</summary>
    public static readonly TimeSpan LiveWindow = TimeSpan.FromMinutes(10);

    /// <summary>ApexCharts' id of the chart, for reading its axis in browser tests.</summary>
    public const string ChartId = "floor-chart";

    private ApexChart? _chart;
    private object _options = default!;
    private string? _shownSelection;
    private long _sentVersion = -1;

    protected override WallTopics Topics => WallTopics.Trend;

    protected override TimeSpan? UpdateInterval => TimeSpan.FromSeconds(1);

    private string Title => State.SelectedElevator is { } id ? Text["FloorHistoryTitle", id] : Text["LiveFloorsTitle"];

    /// <summary>What the chart shows now: one line per elevator, points as [epoch ms, floor].</summary>
    public IReadOnlyList<ChartSeries> Series() =>
        State.SelectedElevator is { } selected
            ? [new ChartSeries(selected, State.SelectedHistory)]
            : [.. State.Floors.Ids.Select(id => new ChartSeries(id, State.Floors.PointsOf(id)))];

    protected override void OnInitialized()
    {
        base.OnInitialized();
        // Sizes in rem, like the rest of the wall, so the chart reads the same at 1080p and 4K (the legend's is set in CSS:
        // apexcharts takes only pixels there).
        var labels = new { style = new { fontSize = "0.8rem" } };
        _options = new
        {
            chart = new
            {
                id = ChartId, type = "line", height = "100%", background = "transparent", fontFamily = "inherit",
                animations = new { enabled = false }, toolbar = new { show = false }, zoom = new { enabled = false },
            },
            theme = new { mode = "dark" },
            stroke = new { width = 2, curve = "stepline" },
            markers = new { size = 0 },
            xaxis = XAxis(),
            yaxis = new { title = new { text = Text["Floor"].Value, style = new { fontSize = "0.8rem" } }, decimalsInFloat = 0, labels },
            legend = new { position = "top", showForSingleSeries = true, markers = new { size = 6 } },
            grid = new { borderColor = "#1f3b5a" },
            series = Series().Select(s => new { name = s.Name, data = s.Points }).ToArray(),
            noData = new { text = Text["WaitingForData"].Value },
        };
    }

    /// <summary>
    /// A fixed window ending at the newest point: without one ApexCharts stretches the axis over days around a
    /// single point, and a fresh wall would show one column of dots until the tail fills.
    /// </summary>
    private object XAxis() => new
    {
        type = "datetime",
        range = (State.SelectedElevator is null ? LiveWindow : WallDataService.HistoryWindow).TotalMilliseconds,
        labels = new { datetimeUTC = false, style = new { fontSize = "0.8rem" } },
    };

    protected override async Task OnStateChangedAsync()
    {
        if (_shownSelection != State.SelectedElevator)
        {
            _shownSelection = State.SelectedElevator;
            StateHasChanged();
            if (_chart is not null)
            {
                await _chart.SetOptionsAsync(new { xaxis = XAxis() });
            }
        }

        if (_chart is not null && _sentVersion != State.TrendVersion)
        {
            _sentVersion = State.TrendVersion;
            await _chart.SetSeriesAsync(Series());
        }
    }
}
