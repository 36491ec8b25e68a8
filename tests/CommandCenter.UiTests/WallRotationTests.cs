namespace CommandCenter.UiTests;

public sealed class WallRotationTests : WallContext
{
    [Fact]
    public void Next_FromEachView_CyclesOverviewMapAlarmsTrends()
    {
        var order = new List<WallView> { WallView.Overview };
        for (var i = 0; i < 4; i++)
        {
            order.Add(WallRotation.Next(order[^1]));
        }

        order.ShouldBe([WallView.Overview, WallView.Map, WallView.Alarms, WallView.Trends, WallView.Overview]);
    }

    [Theory]
    [InlineData(null, WallView.Overview)]
    [InlineData("map", WallView.Map)]
    [InlineData("ALARMS", WallView.Alarms)]
    [InlineData("2", WallView.Overview)]
    [InlineData("nonsense", WallView.Overview)]
    public void Parse_QueryValue_NamesAViewOrFallsBackToTheOverview(string? value, WallView expected) =>
        WallRotation.Parse(value).ShouldBe(expected);

    [Theory]
    [InlineData(null, null)]
    [InlineData(0, null)]
    [InlineData(-5, null)]
    [InlineData(1, WallRotation.MinimumSeconds)]
    [InlineData(30, 30)]
    public void Period_Seconds_OffByDefaultAndNeverTooFast(int? seconds, int? expected) =>
        WallRotation.Period(seconds).ShouldBe(expected is { } s ? TimeSpan.FromSeconds(s) : null);

    [Fact]
    public void ViewRotation_PeriodElapsed_AsksForTheNextViewAndCountsDownAgain()
    {
        var rotated = new List<WallView>();
        var rotation = RenderOnWall<ViewRotation>(p => p
            .Add(r => r.Period, TimeSpan.FromSeconds(30))
            .Add(r => r.Current, WallView.Map)
            .Add(r => r.OnRotate, view => rotated.Add(view)));

        Advance(TimeSpan.FromSeconds(10));
        rotation.Find("[data-testid='rotation'] b").TextContent.ShouldBe("20");
        rotated.ShouldBeEmpty();

        Advance(TimeSpan.FromSeconds(20));
        rotated.ShouldBe([WallView.Alarms]);
    }

    [Fact]
    public void ViewRotation_ViewChosenByHand_StartsThePeriodAfresh()
    {
        var rotated = new List<WallView>();
        var rotation = RenderOnWall<ViewRotation>(p => p
            .Add(r => r.Period, TimeSpan.FromSeconds(30))
            .Add(r => r.Current, WallView.Overview)
            .Add(r => r.OnRotate, view => rotated.Add(view)));
        Advance(TimeSpan.FromSeconds(25));

        rotation.Render(p => p.Add(r => r.Current, WallView.Trends));
        Advance(TimeSpan.FromSeconds(25));

        rotated.ShouldBeEmpty();
        rotation.Find("[data-testid='rotation'] b").TextContent.ShouldBe("5");
    }
}
