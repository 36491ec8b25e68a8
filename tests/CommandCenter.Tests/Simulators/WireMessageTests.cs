using CommandCenter.Protocol;
using CommandCenter.Simulators.Mqtt;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class WireMessageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Presence_OnlineAndLastWill_PassIngest_EvenAWillComposedDaysAgo()
    {
        var sequences = new SequenceCounter(SequenceCounter.StartFor(Now));
        var check = new IngestCheck(new FakeTimeProvider(Now.AddDays(3)));

        check.Accept(
        [
            PresenceMessages.LastWill("EL-0001", Now),
            PresenceMessages.Online("EL-0001", sequences, Now.AddDays(3)),
            PresenceMessages.Online("EL-0001", sequences, Now.AddDays(3)),
        ]);

        var first = (Now.ToUnixTimeSeconds() * 1000) + 1;
        check.All<PresenceReport>().Select(p => (p.Seq, p.State)).ShouldBe(
            [(0, PresenceState.Offline), (first, PresenceState.Online), (first + 1, PresenceState.Online)]);
    }

    [Fact]
    public void SequenceCounter_CountsEachTopicOnItsOwn()
    {
        var sequences = new SequenceCounter(100);

        sequences.Next(MessageKind.ElevatorStatus).ShouldBe(101);
        sequences.Next(MessageKind.ElevatorStatus).ShouldBe(102);
        sequences.Next(MessageKind.ElevatorEvent).ShouldBe(101);
        sequences.Next(MessageKind.Presence).ShouldBe(101);
    }

    [Fact]
    public void OutgoingMessage_PublishesOnTheTopicOfItsKindAndDevice()
    {
        var message = OutgoingMessage.Of(new LotGateReport(1, "LOT-002", 1, Now, 10, 4));

        message.Topic.ShouldBe("cc/v1/lots/LOT-002/gate");
        message.Kind.ShouldBe(MessageKind.LotGate);
    }
}
