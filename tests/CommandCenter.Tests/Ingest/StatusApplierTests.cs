using System.Collections.Concurrent;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

/// <summary>
/// Statuses acknowledged once spooled reach their grains on the applier's turns, newest per device, one call at a time,
/// and those a stop left unapplied are read again from the spool. Turns run on fake time; the spool is real.
/// </summary>
public sealed class StatusApplierTests : IAsyncDisposable
{
    private static readonly TimeSpan Window = new StatusApplyOptions().CoalesceWindow;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset At = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("cc-applier-").FullName;
    private readonly FakeTimeProvider _time = new(At);
    private readonly List<IAsyncDisposable> _running = [];

    [Fact]
    public async Task StatusesOfOneDeviceWithinAWindow_ReachItsGrainAsTheNewestOnly()
    {
        var grains = new Grains();
        var (applier, journal) = await StartAsync(grains);

        await SpoolAsync(applier, journal, Status("EL-A", 1), Status("EL-A", 2), Status("EL-A", 3), Status("EL-B", 1));
        await TurnUntilAsync(() => grains.Calls.Count == 2);

        grains.Calls.Select(Key).Order().ShouldBe(["EL-A#3", "EL-B#1"]);
        applier.Superseded.ShouldBe(2);
        applier.Applied.ShouldBe(2);
    }

    [Fact]
    public async Task StatusesArrivingWhileTheirDevicesCallIsUnderWay_WaitForItThenOnlyTheNewestGoes()
    {
        var grains = new Grains { Held = new TaskCompletionSource() };
        var (applier, journal) = await StartAsync(grains);
        await SpoolAsync(applier, journal, Status("EL-A", 1));
        await TurnUntilAsync(() => grains.Calls.Count == 1);

        await SpoolAsync(applier, journal, Status("EL-A", 2), Status("EL-A", 3));
        Turn();
        Turn();
        grains.Calls.Count.ShouldBe(1);

        grains.Held.SetResult();
        await TurnUntilAsync(() => grains.Calls.Count == 2);
        grains.Calls.Select(Key).ShouldBe(["EL-A#1", "EL-A#3"]);
    }

    [Fact]
    public async Task AStatusOlderThanTheOneWaiting_IsIgnored()
    {
        var grains = new Grains();
        var (applier, journal) = await StartAsync(grains);

        await SpoolAsync(applier, journal, Status("EL-A", 2), Status("EL-A", 1));
        await TurnUntilAsync(() => grains.Calls.Count == 1);

        grains.Calls.Select(Key).ShouldBe(["EL-A#2"]);
        applier.StaleIgnored.ShouldBe(1);
    }

    [Fact]
    public async Task AStatusItsGrainFailsToTake_IsTriedAgainEachSecondUntilItIsApplied()
    {
        var grains = new Grains { FailuresLeft = 2 };
        var (applier, journal) = await StartAsync(grains);

        await SpoolAsync(applier, journal, Status("EL-A", 1));
        await TurnUntilAsync(() => applier.Applied == 1);

        grains.Calls.Select(Key).ShouldBe(["EL-A#1", "EL-A#1", "EL-A#1"]);
        applier.Abandoned.ShouldBe(0);
    }

    [Fact]
    public async Task StatusesNotAppliedBeforeAStop_ReachTheirGrainsFromTheSpoolAtTheNextStart()
    {
        var stuck = new Grains { Held = new TaskCompletionSource() };
        var (applier, journal) = await StartAsync(stuck);
        await SpoolAsync(applier, journal, Status("EL-A", 1), Status("EL-B", 1));
        await TurnUntilAsync(() => stuck.Calls.Count == 2);
        await SpoolAsync(applier, journal, Status("EL-A", 2), Status("EL-A", 3));
        await StopAsync();

        var grains = new Grains();
        await StartAsync(grains);
        await TurnUntilAsync(() => grains.Calls.Count == 2);

        grains.Calls.Select(Key).Order().ShouldBe(["EL-A#3", "EL-B#1"]);
        grains.Calls.ShouldContain(Status("EL-A", 3));
    }

    [Fact]
    public async Task StatusesAppliedBeforeAStop_AreNotReadAgainAtTheNextStart()
    {
        var grains = new Grains();
        var (applier, journal) = await StartAsync(grains);
        await SpoolAsync(applier, journal, Status("EL-A", 1), Status("EL-B", 1));
        var end = journal.DurableEnd;
        await TurnUntilAsync(() => grains.Calls.Count == 2);

        // The mark moves once a second, to where the spool ended when the epoch before began.
        await TurnUntilAsync(() => journal.AppliedFrom == end, step: TimeSpan.FromSeconds(1));
        await StopAsync();

        await using var reopened = OpenJournal();
        reopened.ReadSinceApplied().ShouldBeEmpty();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(StatusApplier Applier, IngestJournal Journal)> StartAsync(Grains grains)
    {
        var journal = OpenJournal();
        var applier = new StatusApplier(grains.ApplyAsync, journal, Options.Create(new StatusApplyOptions()), _time, NullLogger<StatusApplier>.Instance);
        await applier.StartAsync(CancellationToken.None);
        _running.Add(new Running(applier, journal));
        return (applier, journal);
    }

    private async Task StopAsync()
    {
        foreach (var running in _running)
        {
            await running.DisposeAsync();
        }

        _running.Clear();
    }

    private IngestJournal OpenJournal() => new(
        Options.Create(new DataOptions { Path = _folder }),
        Options.Create(new JournalOptions()),
        TestAlarmLane.Instance,
        TimeProvider.System,
        NullLogger<IngestJournal>.Instance);

    /// <summary>What the pipeline does with each: owe, spool, hand over.</summary>
    private static async Task SpoolAsync(StatusApplier applier, IngestJournal journal, params IWireMessage[] statuses)
    {
        foreach (var status in statuses)
        {
            var owes = applier.Owe();
            await journal.AppendAsync(TimeSeriesPoints.ToLineProtocol(status));
            applier.Submit(status, owes);
        }
    }

    private void Turn() => _time.Advance(Window);

    /// <summary>Steps fake time a turn at a time until the applier has done what is expected; its turns run in the pool.</summary>
    private async Task TurnUntilAsync(Func<bool> done, TimeSpan? step = null) =>
        await Eventually.TrueAsync(
            () =>
            {
                if (done())
                {
                    return Task.FromResult(true);
                }

                _time.Advance(step ?? Window);
                return Task.FromResult(false);
            },
            Patience,
            "the applier's turns");

    private static ElevatorStatusReport Status(string device, long seq) =>
        new(1, device, seq, At.AddSeconds(seq), (int)seq, Direction.Up, DoorState.Closed, true, ServiceMode.Normal);

    private static string Key(IWireMessage message) => $"{message.DeviceId}#{message.Seq}";

    /// <summary>Stands in for the elevator grains: records each call, can hold calls or fail the first few.</summary>
    private sealed class Grains
    {
        public ConcurrentQueue<IWireMessage> Calls { get; } = new();

        public TaskCompletionSource? Held { get; init; }

        public int FailuresLeft { get; set; }

        public async Task<bool> ApplyAsync(IWireMessage status)
        {
            Calls.Enqueue(status);
            if (Held is not null)
            {
                await Held.Task;
            }

            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new TimeoutException("the grain's silo did not answer");
            }

            return true;
        }
    }

    private sealed class Running(StatusApplier applier, IngestJournal journal) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await applier.StopAsync(CancellationToken.None);
            applier.Dispose();
            await journal.DisposeAsync();
        }
    }
}
