using System.Diagnostics.Metrics;
using CommandCenter.Protocol;

namespace CommandCenter.Live;

/// <summary>
/// The meter <c>CommandCenter.Live</c>: how fresh what the hub pushes is. Hub connections are ASP.NET Core's own
/// <c>signalr.server.active_connections</c> (meter <c>Microsoft.AspNetCore.Http.Connections</c>).
/// </summary>
public sealed class LiveMetrics
{
    public const string MeterName = "CommandCenter.Live";

    private static readonly double[] LagBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300];

    private readonly Histogram<double> _pushLag;
    private readonly TimeProvider _time;

    public LiveMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        _pushLag = meters.Create(MeterName).CreateHistogram(
            "commandcenter.live.push_lag", "s",
            "From an elevator's report (its device time) to the batch carrying it leaving for a hub group; read with device clocks' offset in mind.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
    }

    /// <summary>One batch to one group: the lag of its newest report, which is what the group's screens show.</summary>
    public void Pushed(IReadOnlyList<LiveElevator> batch)
    {
        if (batch.Count > 0)
        {
            _pushLag.Record(Math.Max(0, (_time.GetUtcNow() - batch.Max(e => e.ReportedAt)).TotalSeconds));
        }
    }
}
