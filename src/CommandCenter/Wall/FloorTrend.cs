using CommandCenter.Grains.Abstractions;
using CommandCenter.Plumbing;

namespace CommandCenter.Wall;

/// <summary>
/// The live tail of floors for the few most recently active elevators: each a bounded series; when
/// another elevator moves and all series are taken, the one quiet the longest makes room.
/// </summary>
public sealed class FloorTrend(int maxSeries = FloorTrend.DefaultSeries, int pointsPerSeries = FloorTrend.DefaultPoints)
{
    public const int DefaultSeries = 6;
    public const int DefaultPoints = 240;

    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);
    private long _touches;

    public IEnumerable<string> Ids => _series.Keys.Order(StringComparer.Ordinal);

    public void Record(ElevatorSnapshot snapshot)
    {
        if (PointOf(snapshot) is not { } point)
        {
            return;
        }

        if (!_series.TryGetValue(snapshot.Id, out var series))
        {
            if (_series.Count >= maxSeries)
            {
                _series.Remove(_series.MinBy(pair => pair.Value.LastTouch).Key);
            }

            _series[snapshot.Id] = series = new Series(new CircularBuffer<double[]>(pointsPerSeries));
        }

        series.Points.Add(point);
        series.LastTouch = ++_touches;
    }

    /// <summary>A lift's floor at its report time; null for an escalator, which has no floors to chart.</summary>
    public static double[]? PointOf(ElevatorSnapshot snapshot) =>
        snapshot.Status is { } status ? [status.Ts.ToUnixTimeMilliseconds(), status.Floor] : null;

    /// <summary>The tail of one elevator, oldest first; empty when it is not charted.</summary>
    public double[][] PointsOf(string id) => _series.TryGetValue(id, out var series) ? series.Points.ToArray() : [];

    private sealed class Series(CircularBuffer<double[]> points)
    {
        public CircularBuffer<double[]> Points { get; } = points;

        public long LastTouch { get; set; }
    }
}
