using System.Globalization;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class IngestJournalTests : IDisposable
{
    private static readonly TimeSpan NoMoreData = TimeSpan.FromMilliseconds(200);
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-journal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private IngestJournal Open(int segmentBytes = 8 << 20, long maxBytes = 1L << 30, TimeProvider? time = null) => new(
        Options.Create(new DataOptions { Path = _folder }),
        Options.Create(new JournalOptions { SegmentBytes = segmentBytes, MaxBytes = maxBytes }),
        TestAlarmLane.Instance,
        time ?? TimeProvider.System,
        NullLogger<IngestJournal>.Instance);

    private static string Line(int i) => $"m,device_id=EL-1 seq={i}i {i}";

    private static async Task<List<string>> DrainAsync(IngestJournal journal, int batchSize = 1000)
    {
        var lines = new List<string>();
        while (true)
        {
            using var timeout = new CancellationTokenSource(NoMoreData);
            try
            {
                var batch = await journal.ReadAsync(batchSize, timeout.Token);
                lines.AddRange(batch.Lines);
                journal.Commit(batch);
            }
            catch (OperationCanceledException)
            {
                return lines;
            }
        }
    }

    [Fact]
    public async Task ReadAsync_AfterConcurrentAppends_ReturnsEveryLineOnceAndCountsPending()
    {
        await using var journal = Open();
        await Task.WhenAll(Enumerable.Range(1, 500).Select(i => journal.AppendAsync(Line(i))));

        journal.PendingLines.ShouldBe(500);
        (await DrainAsync(journal)).Order().ShouldBe(Enumerable.Range(1, 500).Select(Line).Order());
        journal.PendingLines.ShouldBe(0);
        journal.PendingBytes.ShouldBe(0);
    }

    [Fact]
    public async Task OldestPendingAge_CountsFromTheOldestUnwrittenLineAndIsZeroOnceAllAreWritten()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-01T08:00:00Z", CultureInfo.InvariantCulture));
        await using var journal = Open(time: time);
        journal.OldestPendingAge.ShouldBe(TimeSpan.Zero);

        await journal.AppendAsync(Line(1));
        time.Advance(TimeSpan.FromSeconds(30));
        await journal.AppendAsync(Line(2));
        time.Advance(TimeSpan.FromSeconds(10));
        journal.OldestPendingAge.ShouldBe(TimeSpan.FromSeconds(40));

        journal.Commit(await journal.ReadAsync(1, CancellationToken.None));
        journal.OldestPendingAge.ShouldBe(TimeSpan.FromSeconds(10));

        journal.Commit(await journal.ReadAsync(1, CancellationToken.None));
        journal.OldestPendingAge.ShouldBe(TimeSpan.Zero);

        time.Advance(TimeSpan.FromMinutes(5));
        await journal.AppendAsync(Line(3));
        time.Advance(TimeSpan.FromSeconds(2));
        journal.OldestPendingAge.ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Reopen_WithUncommittedLines_ReplaysOnlyThoseNotCommitted()
    {
        await using (var journal = Open())
        {
            for (var i = 1; i <= 10; i++)
            {
                await journal.AppendAsync(Line(i));
            }

            var firstFour = await journal.ReadAsync(4, CancellationToken.None);
            journal.Commit(firstFour);
        }

        await using var reopened = Open();

        reopened.PendingLines.ShouldBe(6);
        (await DrainAsync(reopened)).ShouldBe(Enumerable.Range(5, 6).Select(Line));
    }

    [Fact]
    public async Task Append_BeyondSegmentSize_RollsFilesReadsAcrossThemAndDeletesThemOnceWrittenAndApplied()
    {
        await using var journal = Open(segmentBytes: 1 << 16);
        for (var i = 1; i <= 20_000; i++)
        {
            await journal.AppendAsync(Line(i));
        }

        var files = Directory.GetFiles(Path.Combine(_folder, "spool"), "*.seg").Length;
        files.ShouldBeGreaterThan(3);

        (await DrainAsync(journal, batchSize: 3000)).ShouldBe(Enumerable.Range(1, 20_000).Select(Line));

        // InfluxDB has every line, but the statuses in them may not have reached their grains yet.
        Directory.GetFiles(Path.Combine(_folder, "spool"), "*.seg").Length.ShouldBe(files);
        journal.MarkApplied(journal.DurableEnd);
        Directory.GetFiles(Path.Combine(_folder, "spool"), "*.seg").Length.ShouldBe(1);
    }

    [Fact]
    public async Task FilesWhoseStatusesWereApplied_AreKeptUntilInfluxDbHasThemToo()
    {
        await using var journal = Open(segmentBytes: 1 << 16);
        for (var i = 1; i <= 20_000; i++)
        {
            await journal.AppendAsync(Line(i));
        }

        journal.MarkApplied(journal.DurableEnd);
        var files = Directory.GetFiles(Path.Combine(_folder, "spool"), "*.seg").Length;
        files.ShouldBeGreaterThan(3);

        (await DrainAsync(journal, batchSize: 3000)).ShouldBe(Enumerable.Range(1, 20_000).Select(Line));
        Directory.GetFiles(Path.Combine(_folder, "spool"), "*.seg").Length.ShouldBe(1);
    }

    [Fact]
    public async Task ReadSinceApplied_AfterARestart_GivesTheLinesSpooledSinceTheLastMarkOnly()
    {
        await using (var journal = Open())
        {
            await journal.AppendAsync(Line(1));
            await journal.AppendAsync(Line(2));
            journal.MarkApplied(journal.DurableEnd);
            await journal.AppendAsync(Line(3));
            await journal.AppendAsync(Line(4));
        }

        await using var reopened = Open();
        reopened.ReadSinceApplied().ShouldBe([Line(3), Line(4)]);
    }

    [Fact]
    public async Task Reopen_AfterTornWrite_DropsTheHalfLineAndKeepsTheRest()
    {
        await using (var journal = Open())
        {
            await journal.AppendAsync(Line(1));
            await journal.AppendAsync(Line(2));
        }

        var segment = Directory.GetFiles(Path.Combine(_folder, "spool"), "*.seg").Order().First(f => new FileInfo(f).Length > 0);
        await File.AppendAllTextAsync(segment, "m,device_id=EL-1 seq=3i", TestContext.Current.CancellationToken);

        await using var reopened = Open();

        (await DrainAsync(reopened)).ShouldBe([Line(1), Line(2)]);
    }

    [Fact]
    public async Task AppendAsync_SpoolFull_RefusesWithAReasonInsteadOfDropping()
    {
        await using var journal = Open(maxBytes: 1 << 20);
        var line = new string('x', 1000);

        var appended = 0;
        var full = await Should.ThrowAsync<JournalFullException>(async () =>
        {
            while (true)
            {
                await journal.AppendAsync(line);
                appended++;
            }
        });

        full.Message.ShouldContain("spool full");
        appended.ShouldBeInRange(1000, 1050);
        journal.PendingLines.ShouldBe(appended);
    }
}
