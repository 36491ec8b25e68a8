using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using CommandCenter.Plumbing;
using Microsoft.Extensions.Time.Testing;

namespace CommandCenter.UiTests;

public sealed class WallStateTests
{
    private readonly FakeTimeProvider _time = new(WallData.Start);
    private readonly WallState _state;

    public WallStateTests() => _state = new WallState(_time);

    [Fact]
    public void ApplyElevators_BurstOfChanges_RendersOnceAtOnceThenOnceWithTheLast()
    {
        var renders = new List<int>();
        using var subscription = _state.Subscribe(WallTopics.Elevators, () =>
        {
            renders.Add(_state.Elevators["EL-0001"].Status!.Floor);
            return Task.CompletedTask;
        });

        for (var floor = 1; floor <= 20; floor++)
        {
            _state.Apply(LiveChange.Of([WallData.Elevator("EL-0001", floor, _time.GetUtcNow())]));
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        renders.ShouldBe([1]);
        _time.Advance(WallState.RenderInterval);
        renders.ShouldBe([1, 20]);
    }

    [Fact]
    public void Apply_AlarmRightAfterAnElevatorRender_RendersAtOnce()
    {
        var renders = 0;
        using var subscription = _state.Subscribe(WallTopics.Elevators | WallTopics.Alarms, () =>
        {
            renders++;
            return Task.CompletedTask;
        });
        _state.Apply(LiveChange.Of([WallData.Elevator("EL-0001", 3, WallData.Start)]));

        _state.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));

        renders.ShouldBe(2);
        _state.OpenAlarms.Select(a => a.Id).ShouldBe(["A1"]);
    }

    [Fact]
    public void Subscribe_OtherTopic_IsNotCalled()
    {
        var renders = 0;
        using var subscription = _state.Subscribe(WallTopics.Parking, () =>
        {
            renders++;
            return Task.CompletedTask;
        });

        _state.Apply(LiveChange.Of([WallData.Elevator("EL-0001", 3, WallData.Start)]));
        _time.Advance(TimeSpan.FromSeconds(1));

        renders.ShouldBe(0);
    }

    [Fact]
    public void ApplyElevators_OlderReportAfterANewerOne_KeepsTheNewer()
    {
        _state.ApplyElevators([WallData.Elevator("EL-0001", 9, WallData.Start.AddSeconds(5))]);

        _state.ApplyElevators([WallData.Elevator("EL-0001", 2, WallData.Start)]);

        _state.Elevators["EL-0001"].Status!.Floor.ShouldBe(9);
    }

    [Fact]
    public void Apply_SnapshotReadBeforeTheAlarmClosed_DoesNotReopenIt()
    {
        var open = WallData.Trapped("A1", WallData.Start);
        _state.Apply(LiveChange.Of(open));
        _state.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start, AlarmStatus.Completed)));

        _state.Apply(WallData.Snapshot(WallData.Start, [open]));

        _state.OpenAlarms.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_SnapshotWithoutAnAlarmHeardBeforeTheRead_DropsIt()
    {
        _state.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));
        _time.Advance(TimeSpan.FromSeconds(5));

        _state.Apply(WallData.Snapshot(_time.GetUtcNow(), []));

        _state.OpenAlarms.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_SnapshotWithoutAnAlarmHeardAfterTheReadBegan_KeepsIt()
    {
        var readAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        _state.Apply(LiveChange.Of(WallData.Trapped("A1", WallData.Start)));

        _state.Apply(WallData.Snapshot(readAt, []));

        _state.OpenAlarms.Select(a => a.Id).ShouldBe(["A1"]);
    }

    [Fact]
    public void OpenAlarms_Mixed_CriticalFirstThenOldestFirst()
    {
        _state.Apply(WallData.Snapshot(WallData.Start, [
            WallData.Minor("M1", WallData.Start.AddMinutes(-30)),
            WallData.Trapped("T2", WallData.Start.AddMinutes(-5)),
            WallData.Trapped("T1", WallData.Start.AddMinutes(-10)),
        ]));

        _state.OpenAlarms.Select(a => a.Id).ShouldBe(["T1", "T2", "M1"]);
    }

    [Fact]
    public void PendingCritical_OnTheCityWall_IsSilencedOnlyByTheCitysAcknowledgement()
    {
        var district = WallData.Trapped("A1", WallData.Start) with { WallAcknowledgements = [Acknowledgement("district/640104")] };
        var city = WallData.Trapped("A2", WallData.Start.AddSeconds(1)) with { WallAcknowledgements = [Acknowledgement(AreaKeys.City)] };

        _state.Apply(LiveChange.Of(district));
        _state.Apply(LiveChange.Of(city));

        _state.PendingCritical.Select(a => a.Id).ShouldBe(["A1"], "a district's acknowledgement silences its own walls, not the city's");
    }

    [Fact]
    public void PendingCritical_AStaleCopyWithoutTheAcknowledgementArrivesLate_StaysSilenced()
    {
        var raised = WallData.Trapped("A1", WallData.Start);

        _state.Apply(LiveChange.Of(raised with { WallAcknowledgements = [Acknowledgement(AreaKeys.City)] }));
        _state.Apply(LiveChange.Of(raised));

        _state.PendingCritical.ShouldBeEmpty();
    }

    private static AlarmWallAcknowledgement Acknowledgement(string areaKey) => new(areaKey, "wall", "lobby", WallData.Start);

    [Fact]
    public void IsLive_NothingForLongerThanStaleAfter_TurnsStale()
    {
        _state.Apply(WallData.Snapshot(WallData.Start));
        _state.IsLive.ShouldBeTrue();

        _time.Advance(WallState.StaleAfter);

        _state.IsLive.ShouldBeFalse();
    }

    [Fact]
    public void Floors_MoreElevatorsThanSeries_DropsTheOneQuietLongest()
    {
        for (var i = 1; i <= FloorTrend.DefaultSeries; i++)
        {
            _state.ApplyElevators([WallData.Elevator($"EL-{i:D4}", i, WallData.Start.AddSeconds(i))]);
        }

        _state.ApplyElevators([WallData.Elevator("EL-0001", 5, WallData.Start.AddSeconds(10))]);
        _state.ApplyElevators([WallData.Elevator("EL-0099", 1, WallData.Start.AddSeconds(11))]);

        _state.Floors.Ids.ShouldContain("EL-0099");
        _state.Floors.Ids.ShouldContain("EL-0001");
        _state.Floors.Ids.ShouldNotContain("EL-0002");
        _state.Floors.PointsOf("EL-0001").Length.ShouldBe(2);
    }

    [Fact]
    public void SetSelectedHistory_LiveTailArrivedFirst_KeepsHistoryThenTail()
    {
        _state.Select("EL-0001");
        _state.ApplyElevators([WallData.Elevator("EL-0001", 7, WallData.Start)]);

        _state.SetSelectedHistory("EL-0001", [
            [WallData.Start.AddHours(-2).ToUnixTimeMilliseconds(), 1],
            [WallData.Start.ToUnixTimeMilliseconds(), 6],
        ]);

        _state.SelectedHistory.Select(p => p[1]).ShouldBe([1, 7]);
    }

    [Fact]
    public void CircularBuffer_PastCapacity_KeepsTheNewestInOrder()
    {
        var buffer = new CircularBuffer<int>(3);

        foreach (var i in Enumerable.Range(1, 5))
        {
            buffer.Add(i);
        }

        buffer.ToArray().ShouldBe([3, 4, 5]);
    }
}
