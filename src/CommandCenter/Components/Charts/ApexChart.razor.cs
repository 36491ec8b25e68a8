using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Charts;

/// <summary>
/// Thin interop over apexcharts.js (from npm; the Blazor-ApexCharts package is not on the registry).
/// Options are passed through as ApexCharts expects them; series are replaced with <see cref="SetSeriesAsync"/>.
/// </summary>
public sealed partial class ApexChart(IJSRuntime js) : ComponentBase, IAsyncDisposable
{
    private ElementReference _host;
    private IJSObjectReference? _module;
    private IJSObjectReference? _chart;
    private IEnumerable<ChartSeries>? _pending;

    /// <summary>ApexCharts options object (serialised to JSON as-is).</summary>
    [Parameter, EditorRequired]
    public object Options { get; set; } = default!;

    [Parameter]
    public string? TestId { get; set; }

    /// <summary>
    /// Replaces all series; each is a name with (epoch ms, value) points. Series set while the chart's
    /// script is still loading are kept and drawn as soon as the chart exists.
    /// </summary>
    public async Task SetSeriesAsync(IEnumerable<ChartSeries> series)
    {
        if (_chart is null)
        {
            _pending = series;
            return;
        }

        await _chart.InvokeVoidAsync("updateSeries", series.Select(s => new { name = s.Name, data = s.Points }), false);
    }

    /// <summary>Merges options into the drawn chart (ApexCharts' <c>updateOptions</c>), keeping its series; nothing before it is drawn.</summary>
    public async Task SetOptionsAsync(object options)
    {
        if (_chart is not null)
        {
            await _chart.InvokeVoidAsync("updateOptions", options, false, false);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await js.InvokeAsync<IJSObjectReference>("import", "./Components/Charts/ApexChart.razor.js");
            _chart = await _module.InvokeAsync<IJSObjectReference>("createChart", _host, Options);
            if (_pending is { } pending)
            {
                _pending = null;
                await SetSeriesAsync(pending);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_chart is not null)
            {
                await _chart.InvokeVoidAsync("destroy");
                await _chart.DisposeAsync();
            }

            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser has already dropped the chart.
        }
    }
}

/// <summary>One named line: points are [epoch milliseconds, value].</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<double[]> Points);
