using CommandCenter.Protocol;
using CommandCenter.Simulators.Elevators;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

public sealed class ElevatorModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static List<ElevatorStatusReport> Run(int seed, int seconds)
    {
        var model = new ElevatorModel("EL-0001", -2, 12, new Random(seed));
        var reports = new List<ElevatorStatusReport>();
        for (var second = 0; second < seconds; second++)
        {
            if (model.Step())
            {
                reports.Add(model.Report(Start.AddSeconds(second)));
            }
        }

        return reports;
    }

    [Fact]
    public void Step_SameSeed_ProducesTheSameJourney()
    {
        Run(seed: 42, seconds: 600).ShouldBe(Run(seed: 42, seconds: 600));
    }

    [Fact]
    public void Step_TenMinutes_MovesFloorByFloorWithinTheShaftWithIncreasingSequence()
    {
        var reports = Run(seed: 7, seconds: 600);

        reports.Count.ShouldBeGreaterThan(50);
        reports.ShouldAllBe(r => r.Floor >= -2 && r.Floor <= 12 && r.Floor != 0);
        reports.Zip(reports.Skip(1)).ShouldAllBe(pair => pair.Second.Seq == pair.First.Seq + 1);
        reports.Zip(reports.Skip(1)).ShouldAllBe(pair => Math.Abs(pair.Second.Floor - pair.First.Floor) <= 2);
        reports.Where(r => r.Running).ShouldAllBe(r => r.Door == DoorState.Closed && r.Direction != Direction.None);
        reports.Select(r => r.Floor).Distinct().Count().ShouldBeGreaterThan(3);
    }
}
