using CommandCenter.Live;
using CommandCenter.TelemetryIngest.Storage;

namespace CommandCenter.UiTests;

/// <summary>The city trend's live tail: alarms heard after the last read grow the current hour once each.</summary>
public sealed class FaultsPerHourTests : WallContext
{
    private static readonly DateTimeOffset ThisHour = new(WallData.Start.Year, WallData.Start.Month, WallData.Start.Day, WallData.Start.Hour, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_AlarmHeardAfterTheRead_AddsToItsHourOnceAndTheNextReadTakesOver()
    {
        State.Apply(WallData.Snapshot(WallData.Start) with { FaultsPerHour = Day((ThisHour.AddHours(-2), 4), (ThisHour, 1)) });
        var chart = RenderOnWall<CityTrendChart>();
        chart.Find("[data-testid='city-trend']").GetAttribute("data-faults").ShouldBe("5");

        Time.Advance(TimeSpan.FromMinutes(3));
        var alarm = WallData.Trapped("EL-0001/11/1", Time.GetUtcNow());
        State.Apply(LiveChange.Of(alarm));
        State.Apply(LiveChange.Of(alarm with { Status = AlarmStatus.Responded }));
        Advance(TimeSpan.FromSeconds(1));

        chart.Find("[data-testid='city-trend']").GetAttribute("data-faults").ShouldBe("6");
        State.FaultsPerHour.Points(State.Now)[^1][1].ShouldBe(2);
        State.FaultsPerHour.Points(State.Now)[^3][1].ShouldBe(4);

        // The next read already holds the alarm: it is not counted twice.
        State.Apply(WallData.Snapshot(Time.GetUtcNow()) with { FaultsPerHour = Day((ThisHour.AddHours(-2), 4), (ThisHour, 2)) });
        State.FaultsPerHour.Points(State.Now)[^1][1].ShouldBe(2);
    }

    [Fact]
    public void Points_HourTurns_TheDayMovesOnByOneHour()
    {
        State.Apply(WallData.Snapshot(WallData.Start) with { FaultsPerHour = Day((ThisHour.AddHours(-23), 7)) });

        Time.Advance(TimeSpan.FromHours(1));

        var points = State.FaultsPerHour.Points(State.Now);
        points.Count.ShouldBe(FaultsPerHour.Hours);
        points[0][0].ShouldBe(ThisHour.AddHours(-22).ToUnixTimeMilliseconds());
        points.Sum(p => p[1]).ShouldBe(0);
    }

    [Fact]
    public void Apply_ReadFailed_KeepsTheLastTrend()
    {
        State.Apply(WallData.Snapshot(WallData.Start) with { FaultsPerHour = Day((ThisHour, 3)) });

        State.Apply(WallData.Snapshot(WallData.Start.AddSeconds(5)));

        State.FaultsPerHour.Points(State.Now)[^1][1].ShouldBe(3);
    }

    private static IReadOnlyList<HourlyCount> Day(params (DateTimeOffset Hour, long Count)[] hours) =>
        [.. Enumerable.Range(0, FaultsPerHour.Hours)
            .Select(i => ThisHour.AddHours(i - FaultsPerHour.Hours + 1))
            .Select(hour => new HourlyCount(hour, hours.Where(h => h.Hour == hour).Sum(h => h.Count)))];
}
