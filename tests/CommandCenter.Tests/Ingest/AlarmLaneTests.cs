using CommandCenter.Plumbing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

/// <summary>
/// The spool's group commit under a backlog of statuses: an event (an urgent append) is committed in the very next
/// group, ahead of everything waiting, and its caller carries on on the alarm lane rather than in the thread pool.
/// The commit thread is held on a gate, so the backlog is built deterministically; nothing is timed.
/// </summary>
public sealed class AlarmLaneTests : IDisposable
{
    private const string LaneName = "alarm lane under test";

    private readonly PriorityLane _lane = new(ex => Console.Error.WriteLine(ex), LaneName);
    private readonly ManualResetEventSlim _releaseFirstGroup = new();
    private readonly TaskCompletionSource _firstGroupStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IReadOnlyList<string>> _groups = [];

    public void Dispose()
    {
        _releaseFirstGroup.Set();
        _lane.Dispose();
        _releaseFirstGroup.Dispose();
    }

    /// <summary>Records each group; the first one waits until the test has queued its backlog behind it.</summary>
    private Task Commit(IReadOnlyList<string> items)
    {
        lock (_groups)
        {
            _groups.Add([.. items]);
        }

        if (_firstGroupStarted.TrySetResult())
        {
            _releaseFirstGroup.Wait();
        }

        return Task.CompletedTask;
    }

    private IReadOnlyList<string> Group(int index)
    {
        lock (_groups)
        {
            return _groups[index];
        }
    }

    [Fact]
    public async Task Event_BehindABacklogOfStatuses_IsCommittedInTheNextGroupFirstAndContinuesOnTheLane()
    {
        await using var queue = new GroupCommitQueue<string>(Commit, maxGroup: 100, urgentLane: _lane);
        var first = queue.EnqueueAsync("status-0");
        await _firstGroupStarted.Task;
        var statuses = Enumerable.Range(1, 1_000).Select(i => queue.EnqueueAsync($"status-{i}")).ToList();

        var committed = queue.EnqueueAsync("event", urgent: true);
        var continuedOn = committed.ContinueWith(_ => Thread.CurrentThread.Name, TaskContinuationOptions.ExecuteSynchronously);
        _releaseFirstGroup.Set();

        (await continuedOn).ShouldBe(LaneName);
        Group(1)[0].ShouldBe("event");
        Group(1).Count.ShouldBe(100, "the event shares its group with the oldest statuses, within the group limit");
        await Task.WhenAll([first, .. statuses]);
        Group(1).Skip(1).ShouldBe(Enumerable.Range(1, 99).Select(i => $"status-{i}"), "statuses keep their order behind it");
    }

    [Fact]
    public async Task Event_WhoseGroupFails_FailsOnTheLaneAsItsStatusesDo()
    {
        var failure = new IOException("disk gone");
        await using var queue = new GroupCommitQueue<string>(_ => Task.FromException(failure), urgentLane: _lane);

        var status = queue.EnqueueAsync("status");
        var committed = queue.EnqueueAsync("event", urgent: true);

        (await Should.ThrowAsync<IOException>(committed)).ShouldBeSameAs(failure);
        await Should.ThrowAsync<IOException>(status);
    }

    [Fact]
    public async Task Lane_AfterAStepThatThrows_ReportsItAndRunsTheNextStep()
    {
        var reported = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        var nextRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var lane = new PriorityLane(ex => reported.TrySetResult(ex), "failing lane");

        lane.Post(() => throw new InvalidOperationException("step failed"));
        lane.Post(nextRan.SetResult);

        await nextRan.Task;
        (await reported.Task).Message.ShouldBe("step failed");
    }
}
