using System.Diagnostics.Metrics;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Alarms;
using Microsoft.Extensions.Options;

namespace CommandCenter.Observability;

/// <summary>
/// Open alarms by severity and open and overdue work orders by level, as the city's rollup (the wall's figures) has
/// them: one call to the always-active city area grain per <see cref="MetricsOptions.GaugeRefresh"/>, never one per
/// alarm or ticket. City-wide figures: every silo reports the same, so aggregate them with <c>max</c>, not <c>sum</c>.
/// </summary>
public sealed class CityGauges
{
    public const string TicketsMeterName = "CommandCenter.Tickets";

    private readonly CachedReading<AreaStats> _city;

    public CityGauges(IMeterFactory meters, IGrainFactory grains, IOptions<MetricsOptions> options, TimeProvider time, ILogger<CityGauges> logger)
    {
        _city = new CachedReading<AreaStats>(
            () => grains.GetGrain<IAreaGrain>(AreaKeys.City).GetStatsAsync(), AreaStats.Empty, options.Value.GaugeRefresh, time, logger, "the city's rollup");
        meters.Create(AlarmMetrics.MeterName).CreateObservableGauge("commandcenter.alarms.open", () => Read(
            ("severity", "critical", AreaMetrics.AlarmsCritical),
            ("severity", "major", AreaMetrics.AlarmsMajor),
            ("severity", "minor", AreaMetrics.AlarmsMinor)), "{alarm}", "Open alarms by severity, city-wide.");
        var tickets = meters.Create(TicketsMeterName);
        tickets.CreateObservableGauge("commandcenter.tickets.open", () => Read(("state", "open", AreaMetrics.TicketsOpen)), "{ticket}",
            "Open work orders, city-wide.");
        tickets.CreateObservableGauge("commandcenter.tickets.overdue", () => Read(
            ("level", "yellow", AreaMetrics.TicketsOverdueYellow),
            ("level", "red", AreaMetrics.TicketsOverdueRed),
            ("level", "urgent", AreaMetrics.TicketsOverdueUrgent)), "{ticket}", "Open work orders past their deadline, by supervision level, city-wide.");
    }

    private IEnumerable<Measurement<long>> Read(params (string Tag, string Value, string Metric)[] figures)
    {
        var city = _city.Current;
        return figures.Select(f => new Measurement<long>(city[f.Metric], new KeyValuePair<string, object?>(f.Tag, f.Value)));
    }
}
