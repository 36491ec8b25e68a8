using CommandCenter.Components.Charts;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Ledger;

/// <summary>
/// The elevator's floors over the last 24 hours from the time series, the same history the wall's trend chart
/// shows for a picked tile; read once the page is live (charts need the browser).
/// </summary>
public sealed partial class FloorChart : ComponentBase
{
    private ApexChart? _chart;
    private object _options = default!;
    private IReadOnlyList<double[]>? _points;

    [Parameter, EditorRequired]
    public string ElevatorId { get; set; } = "";

    /// <summary>The city's zone: the axis reads in it, like every other time on the page, whatever the browser's zone.</summary>
    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    [Inject]
    private WallDataService Data { get; set; } = default!;

    [Inject]
    private ILogger<FloorChart> Logger { get; set; } = default!;

    protected override void OnInitialized() => _options = new
    {
        chart = new
        {
            type = "line", height = 220, background = "transparent", fontFamily = "inherit",
            animations = new { enabled = false }, toolbar = new { show = false }, zoom = new { enabled = false },
        },
        theme = new { mode = "dark" },
        stroke = new { width = 2, curve = "stepline" },
        markers = new { size = 0 },
        // The points are shifted to the city's wall-clock time and drawn as UTC, which apexcharts does not shift again.
        xaxis = new { type = "datetime", labels = new { datetimeUTC = true } },
        yaxis = new { title = new { text = Text["Ledger.Floor"].Value }, decimalsInFloat = 0 },
        grid = new { borderColor = "#1f3b5a" },
        series = Array.Empty<object>(),
        noData = new { text = Text["Ledger.NoHistory"].Value },
    };

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !RendererInfo.IsInteractive || _chart is null)
        {
            return;
        }

        try
        {
            _points = [.. (await Data.ReadFloorHistoryAsync(ElevatorId, CancellationToken.None)).Select(InCityTime)];
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "The ledger could not read the floor history of {Elevator}", ElevatorId);
            _points = [];
        }

        await _chart.SetSeriesAsync([new ChartSeries(ElevatorId, _points)]);
        StateHasChanged();
    }

    private double[] InCityTime(double[] point)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds((long)point[0]);
        return [point[0] + Zone.GetUtcOffset(at).TotalMilliseconds, point[1]];
    }
}
