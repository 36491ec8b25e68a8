using System.Diagnostics.Metrics;

namespace CommandCenter.Grains.Alarms;

/// <summary>
/// Counted where an alarm's arrival limit runs out (<see cref="AlarmGrain.OnDeadlineAsync"/>), on the silo that
/// runs the alarm: a cluster's total is the sum over its silos. Open alarms by severity are read from the city's rollup.
/// </summary>
public sealed class AlarmMetrics
{
    public const string MeterName = "CommandCenter.Alarms";

    private readonly Counter<long> _arrivalLimitMisses;
    private readonly Counter<long> _redispatches;

    public AlarmMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _arrivalLimitMisses = meter.CreateCounter<long>("commandcenter.alarms.arrival_limit_misses", "{alarm}",
            "Dispatched firms that did not arrive within the alarm's arrival limit.");
        _redispatches = meter.CreateCounter<long>("commandcenter.alarms.redispatches", "{alarm}",
            "Alarms handed to another firm after the dispatched one missed its arrival limit.");
    }

    /// <summary>A firm missed its arrival limit; <paramref name="handedOver"/> when another firm was dispatched instead.</summary>
    public void ArrivalLimitMissed(bool handedOver)
    {
        _arrivalLimitMisses.Add(1);
        if (handedOver)
        {
            _redispatches.Add(1);
        }
    }
}
