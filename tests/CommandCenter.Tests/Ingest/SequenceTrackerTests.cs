using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.TelemetryIngest.Sequencing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class SequenceTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private readonly SequenceTracker _tracker = new();

    /// <summary>Offers message <paramref name="seq"/> stamped as the device would (a redelivery keeps its stamp).</summary>
    private bool Offer(long seq, string device = "EL-1", MessageKind kind = MessageKind.ElevatorStatus, DateTimeOffset? ts = null)
    {
        var message = StatusJson.Report(device, seq, 1, ts ?? T0.AddSeconds(seq));
        if (_tracker.IsDuplicate(message, kind))
        {
            return false;
        }

        _tracker.MarkAccepted(message, kind);
        return true;
    }

    private SequenceState State(string device = "EL-1") => _tracker.Snapshot().Single(s => s.DeviceId == device);

    [Fact]
    public void IsDuplicate_SameSequenceTwice_SecondIsDroppedAndCounted()
    {
        Offer(1).ShouldBeTrue();
        Offer(2).ShouldBeTrue();

        Offer(2).ShouldBeFalse();
        Offer(1).ShouldBeFalse();
        State().Duplicates.ShouldBe(2);
        _tracker.TotalDuplicates.ShouldBe(2);
    }

    [Fact]
    public void MarkAccepted_SkippedNumbers_AreCountedMissingUntilTheyArrive()
    {
        Offer(1);
        Offer(2);
        Offer(6);

        State().Missing.ShouldBe(3);
        Offer(4).ShouldBeTrue();
        State().Missing.ShouldBe(2);
        State().HighestSeq.ShouldBe(6);
    }

    [Fact]
    public void IsDuplicate_SequenceZero_IsNeverADuplicate()
    {
        Offer(0).ShouldBeTrue();
        Offer(0).ShouldBeTrue();
    }

    [Fact]
    public void MarkAccepted_SequenceRestartsFarBelow_CountsAResetNotDuplicates()
    {
        Offer(1000);

        Offer(1).ShouldBeTrue();
        Offer(2).ShouldBeTrue();
        State().Resets.ShouldBe(1);
        State().HighestSeq.ShouldBe(2);
    }

    [Fact]
    public void MarkAccepted_RebootedDeviceCountingFromOneAgain_IsARestartNotDuplicates()
    {
        Offer(1);
        Offer(2);
        Offer(3);

        Offer(1, ts: T0.AddMinutes(5)).ShouldBeTrue();
        Offer(2, ts: T0.AddMinutes(5).AddSeconds(1)).ShouldBeTrue();
        State().Resets.ShouldBe(1);
        State().Duplicates.ShouldBe(0);
    }

    [Fact]
    public void IsDuplicate_StreamsAreSeparatePerDeviceAndTopic()
    {
        Offer(5, "EL-1");

        Offer(5, "EL-2").ShouldBeTrue();
        Offer(5, "EL-1", MessageKind.ElevatorEvent).ShouldBeTrue();
    }
}
