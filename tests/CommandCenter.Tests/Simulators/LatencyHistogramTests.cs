using System.Diagnostics;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Load;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentile_SmallSamples_AreExactNearestRank()
    {
        var histogram = new LatencyHistogram();
        foreach (var value in Enumerable.Range(1, 100).Reverse())
        {
            histogram.Record(value);
        }

        histogram.Count.ShouldBe(100);
        histogram.Percentile(50).ShouldBe(50);
        histogram.Percentile(95).ShouldBe(95);
        histogram.Percentile(99).ShouldBe(99);
        histogram.Percentile(100).ShouldBe(100);
        histogram.MaxMicroseconds.ShouldBe(100);
    }

    [Fact]
    public void Percentile_LargeSamples_AreWithinOneSixtyFourthAndNeverBelowTheTrueValue()
    {
        var histogram = new LatencyHistogram();
        for (var value = 1; value <= 100_000; value++)
        {
            histogram.Record(value);
        }

        foreach (var (percentile, exact) in new[] { (50.0, 50_000L), (95.0, 95_000L), (99.0, 99_000L), (99.9, 99_900L) })
        {
            var reported = histogram.Percentile(percentile);
            reported.ShouldBeGreaterThanOrEqualTo(exact);
            reported.ShouldBeLessThanOrEqualTo(exact + (exact / 64), $"p{percentile}");
        }

        histogram.MaxMicroseconds.ShouldBe(100_000);
    }

    [Fact]
    public void Percentile_SkewedSamples_FindTheTail()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 980; i++)
        {
            histogram.Record(1_000);
        }

        for (var i = 0; i < 20; i++)
        {
            histogram.Record(250_000);
        }

        histogram.Percentile(50).ShouldBeInRange(1_000, 1_015);
        histogram.Percentile(98).ShouldBeInRange(1_000, 1_015);
        histogram.Percentile(99).ShouldBe(250_000, "capped at the largest sample");
    }

    [Fact]
    public void Percentile_NoSamples_IsZero()
    {
        new LatencyHistogram().Percentile(99).ShouldBe(0);
    }

    [Fact]
    public void RecordElapsed_ConvertsStopwatchTicksToMicroseconds()
    {
        var histogram = new LatencyHistogram();

        histogram.RecordElapsed(1_000, 1_000 + (Stopwatch.Frequency / 100));

        histogram.MaxMicroseconds.ShouldBe(10_000);
    }

    [Fact]
    public void Record_FromManyThreads_CountsEverySample()
    {
        var histogram = new LatencyHistogram();

        Parallel.For(0, 100_000, i => histogram.Record(i % 5_000));

        histogram.Count.ShouldBe(100_000);
        histogram.MaxMicroseconds.ShouldBe(4_999);
    }

    [Fact]
    public void Report_ShowsCountsRateAndPercentilesInMilliseconds()
    {
        var report = LoadCommand.Report(new LoadResult(1000, 990, 6, 4, 99.96, 1_200, 3_400, 8_000, 45_100));

        report.ShouldContain("sent 1000, acknowledged 990, rejected 6, not sent 4");
        report.ShouldContain("achieved 100.0 msg/s");
        report.ShouldContain("p50 1.2 ms, p95 3.4 ms, p99 8.0 ms, max 45.1 ms");
    }
}
