using CommandCenter.Components.Charts;
using CommandCenter.Wall;

namespace CommandCenter.Components.Wall;

/// <summary>
/// The city's elevator faults per hour over the last 24 hours, as bars: the hours from the time series
/// (re-read with the wall's shared snapshot) with the alarms heard live since on top, so the current
/// hour grows the moment an alarm opens. Redrawn at most once a second, and when the hour turns.
/// </summary>
public sealed partial class CityTrendChart : WallComponentBase
{
    private ApexChart? _chart;
    private object _options = default!;
    private long _sentVersion = -1;
    private double _sentHour;

    protected override WallTopics Topics => WallTopics.CityTrend | WallTopics.Clock;

    protected override TimeSpan? UpdateInterval => TimeSpan.FromSeconds(1);

    /// <summary>Faults over the 24 hours shown, for people and tests reading the panel.</summary>
    public long Total => (long)State.FaultsPerHour.Points(State.Now).Sum(point => point[1]);

    public ChartSeries Series() => new(Text["FaultsSeries"], State.FaultsPerHour.Points(State.Now));

    protected override void OnInitialized()
    {
        base.OnInitialized();
        var labels = new { style = new { fontSize = "0.8rem" } };
        var series = Series();
        _options = new
        {
            chart = new
            {
                type = "bar", height = "100%", background = "transparent", fontFamily = "inherit",
                animations = new { enabled = false }, toolbar = new { show = false }, zoom = new { enabled = false },
            },
            theme = new { mode = "dark" },
            colors = new[] { "#e0a000" },
            plotOptions = new { bar = new { columnWidth = "80%" } },
            dataLabels = new { enabled = false },
            xaxis = new { type = "datetime", labels = new { datetimeUTC = false, labels.style } },
            yaxis = new { decimalsInFloat = 0, min = 0, labels },
            legend = new { show = false },
            grid = new { borderColor = "#1f3b5a" },
            series = new[] { new { name = series.Name, data = series.Points } },
            noData = new { text = Text["WaitingForData"].Value },
        };
    }

    protected override async Task OnStateChangedAsync()
    {
        var series = Series();
        var hour = series.Points[^1][0];
        if (_chart is not null && (_sentVersion != State.FaultsPerHour.Version || _sentHour != hour))
        {
            _sentVersion = State.FaultsPerHour.Version;
            _sentHour = hour;
            await _chart.SetSeriesAsync([series]);
            StateHasChanged();
        }
    }
}
