using System.Net;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

/// <summary>
/// The writer's handling of a store that refuses some points for their content. The store here is
/// a stand-in that answers as InfluxDB does (400 with a reason); the real servers are tested elsewhere.
/// </summary>
public sealed class TimeSeriesWriterTests : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-writer-").FullName;
    private readonly IngestJournal _journal;

    public TimeSeriesWriterTests() => _journal = new IngestJournal(
        Options.Create(new DataOptions { Path = _folder }), Options.Create(new JournalOptions()), TestAlarmLane.Instance, TimeProvider.System, NullLogger<IngestJournal>.Instance);

    public async ValueTask DisposeAsync()
    {
        await _journal.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Write_BatchWithAPointTheStoreRefuses_WritesTheRestAndSetsTheRefusedOneAside()
    {
        var store = new RefusingStore();
        var writer = new TimeSeriesWriter(_journal, store, Options.Create(new InfluxOptions { FlushInterval = TimeSpan.Zero }), TimeProvider.System, NullLogger<TimeSeriesWriter>.Instance);
        string[] lines = ["m v=1i 1", "m v=2i 2", "m bad=\"x\" 3", "m v=4i 4", "m v=5i 5"];
        foreach (var line in lines)
        {
            await _journal.AppendAsync(line);
        }

        await writer.StartAsync(TestContext.Current.CancellationToken);
        await CommandCenter.Testing.Eventually.TrueAsync(() => Task.FromResult(_journal.PendingLines == 0), TimeSpan.FromSeconds(10), "the spool to drain");
        await writer.StopAsync(TestContext.Current.CancellationToken);

        store.Written.Order().ShouldBe(lines.Where(l => !l.Contains("bad")).Order());
        writer.PointsWritten.ShouldBe(4);
        var refused = await File.ReadAllTextAsync(Path.Combine(_folder, "spool", "refused.lp"), TestContext.Current.CancellationToken);
        refused.ShouldContain("m bad=\"x\" 3");
        refused.ShouldContain("field type conflict");
    }

    private sealed class RefusingStore : ITimeSeriesStore
    {
        public List<string> Written { get; } = [];

        public Task EnsureReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> PingAsync(CancellationToken cancellationToken) => Task.FromResult(true);

        public Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
        {
            if (lines.Any(l => l.Contains("bad", StringComparison.Ordinal)))
            {
                throw new HttpRequestException("InfluxDB refused the write: 400 partial write: field type conflict", null, HttpStatusCode.BadRequest);
            }

            lock (Written)
            {
                Written.AddRange(lines);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<ElevatorHistoryPoint>>([]);

        public Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SeriesRetention>>([]);
    }
}
