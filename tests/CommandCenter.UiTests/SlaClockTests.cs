using CommandCenter.Grains.Abstractions;

namespace CommandCenter.UiTests;

public sealed class SlaClockTests
{
    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(59.9, "00:59")]
    [InlineData(61, "01:01")]
    [InlineData(3599, "59:59")]
    [InlineData(3725, "1:02:05")]
    [InlineData(-190, "03:10")]
    public void Format_Seconds_ReadsLikeAStopwatch(double seconds, string expected) =>
        SlaClock.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Fact]
    public void Of_WellWithinTheLimit_IsRunningWithTimeLeft()
    {
        var alarm = WallData.Trapped("A1", WallData.Start);

        var sla = SlaClock.Of(alarm, WallData.Start.AddMinutes(10));

        sla.ShouldBe(new SlaStatus(SlaPhase.Running, TimeSpan.FromMinutes(20)));
    }

    [Fact]
    public void Of_FiveMinutesLeft_IsClosing() =>
        SlaClock.Of(WallData.Trapped("A1", WallData.Start), WallData.Start.AddMinutes(25)).Phase.ShouldBe(SlaPhase.Closing);

    [Fact]
    public void Of_PastTheLimit_IsMissedWithNegativeTimeLeft()
    {
        var sla = SlaClock.Of(WallData.Trapped("A1", WallData.Start), WallData.Start.AddMinutes(33));

        sla.Phase.ShouldBe(SlaPhase.Missed);
        sla.Remaining.ShouldBe(TimeSpan.FromMinutes(-3));
    }

    [Fact]
    public void Of_RedispatchedToAFirmWithTimeLeft_StaysMissed()
    {
        var alarm = WallData.Trapped("A1", WallData.Start, AlarmStatus.Occurred, "FIRM-001", "FIRM-002");

        var sla = SlaClock.Of(alarm, WallData.Start.AddMinutes(40));

        sla.Phase.ShouldBe(SlaPhase.Missed);
        sla.Remaining.ShouldBe(TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void Of_TechnicianOnSiteInTime_IsOnSite()
    {
        var alarm = WallData.Trapped("A1", WallData.Start, AlarmStatus.Arrived);

        SlaClock.Of(alarm, WallData.Start.AddHours(2)).ShouldBe(new SlaStatus(SlaPhase.OnSite, null));
        SlaClock.ArrivedAfter(alarm).ShouldBe(TimeSpan.FromMinutes(14));
    }

    [Fact]
    public void Of_FaultWithoutArrivalLimit_HasNoLimit() =>
        SlaClock.Of(WallData.Minor("A2", WallData.Start), WallData.Start.AddHours(3)).Phase.ShouldBe(SlaPhase.NoLimit);

    [Fact]
    public void Elapsed_DeviceClockAhead_IsNeverNegative() =>
        SlaClock.Elapsed(WallData.Trapped("A1", WallData.Start.AddMinutes(1)), WallData.Start).ShouldBe(TimeSpan.Zero);

    [Fact]
    public void Sla_InBothLanguages_SaysTimeLeftOrOver()
    {
        var alarm = WallData.Trapped("A1", WallData.Start);

        WallLanguage.In(LocalizationExtensions.Chinese, text => text.Sla(alarm, SlaClock.Of(alarm, WallData.Start.AddMinutes(17)))).ShouldBe("距到场时限 13:00");
        WallLanguage.In(LocalizationExtensions.English, text => text.Sla(alarm, SlaClock.Of(alarm, WallData.Start.AddMinutes(31)))).ShouldBe("Arrival overdue 01:00");
    }
}
