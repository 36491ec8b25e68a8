using CommandCenter.Plumbing;

namespace CommandCenter.Tests.Ingest;

/// <summary>One alarm lane for the tests that build an ingest journal by hand, as the host has one per process.</summary>
internal static class TestAlarmLane
{
    /// <summary>A step that failed on the lane; the test host's output shows it.</summary>
    public static PriorityLane Instance { get; } = new(ex => Console.Error.WriteLine($"alarm lane: {ex}"), name: "test alarm lane");
}
