using System.Text.Json;
using CommandCenter.Simulators.Load;
using CommandCenter.Stack.Bench;
using Shouldly;

namespace CommandCenter.Tests.Bench;

/// <summary>bench.json over several runs: every figure as median, min and max, and the verdicts of each run.</summary>
public sealed class BenchSummaryTests
{
    [Fact]
    public void Of_ThreeRuns_GivesEachFigureItsMedianAndRange()
    {
        var summary = BenchSummary.Of([Run(endToEnd: 5000, cpu: 90), Run(endToEnd: 7000, cpu: 60), Run(endToEnd: 6000, cpu: double.NaN)]);

        summary.Figures["figures.commandCenter.endToEndRate"].ShouldBe(new Spread(6000, 5000, 7000));
        summary.Figures["figures.mosquitto.achievedRate"].ShouldBe(new Spread(50_000, 50_000, 50_000));
        // A run that could not measure a figure is left out of its spread: the median of two is their mean.
        summary.Figures["figures.commandCenter.cpuMicrosecondsPerMessage"].ShouldBe(new Spread(75, 60, 90));
        summary.Table().ShouldContain("| CC: end-to-end msg/s (MQTT in -> InfluxDB)   | 6000 [5000 – 7000] msg/s");
    }

    [Fact]
    public void ToJson_KeepsEveryRunWithItsGoalsBesideTheSummary()
    {
        var json = JsonDocument.Parse(BenchSummary.Of([Run(endToEnd: 12_000, cpu: 40), Run(endToEnd: 8000, cpu: 60)]).ToJson()).RootElement;

        json.GetProperty("runs").GetArrayLength().ShouldBe(2);
        json.GetProperty("runs")[0].GetProperty("goals").GetProperty("cpuPerMessage").GetString().ShouldBe("met");
        json.GetProperty("runs")[1].GetProperty("goals").GetProperty("cpuPerMessage").GetString().ShouldBe("MISSED");
        json.GetProperty("runs")[1].GetProperty("figures").GetProperty("brokerOnly").GetProperty("targetReached").GetBoolean().ShouldBeFalse();
        var endToEnd = json.GetProperty("summary").GetProperty("figures.commandCenter.endToEndRate");
        (endToEnd.GetProperty("median").GetDouble(), endToEnd.GetProperty("min").GetDouble(), endToEnd.GetProperty("max").GetDouble()).ShouldBe((10_000, 8000, 12_000));
    }

    [Fact]
    public void Reached_ALoadNearItsTarget_IsCappedByItsGenerator()
    {
        BrokerOnlyFigures.Reached(Load(achieved: 19_000), 20_000).ShouldBeTrue();
        BrokerOnlyFigures.Reached(Load(achieved: 52_884), 400_000).ShouldBeFalse();
    }

    private static LoadResult Load(double achieved) => new(1000, 1000, 0, 0, achieved, 1000, 2000, 3000, 4000);

    private static BenchFigures Run(double endToEnd, double cpu) => new(
        "quick", DateTimeOffset.UnixEpoch, 2, 24_000, "demo", 1110, 1000, 20_000, 15, 2500, 30,
        new CommandCenterFigures(Load(6000), 90_000, 0, 90_000, endToEnd, true, 150, 190, 300, 600, 20, false, cpu, 12, 30, 9000),
        Load(50_000), new BrokerOnlyFigures(400_000, 2, false, 10, 20), 300_000,
        Load(2500), 10_000, Load(10_000), new WholeRunFigures(1, 0, 1, 0), new TracingFigures(500, 100, 170, 20, 30, 12));
}
