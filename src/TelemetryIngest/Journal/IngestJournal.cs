using System.Buffers;
using System.Globalization;
using System.Text;
using CommandCenter.Plumbing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Journal;

/// <summary>
/// A write-ahead spool of accepted points (InfluxDB line protocol, one per line). A message is
/// acknowledged only after its line is fsync'd here; the time-series writer reads lines in order,
/// writes them to InfluxDB and then commits the position. Replaying after a crash can repeat a
/// batch, which is harmless: a point's timestamp encodes its sequence number, so a repeat overwrites
/// itself. Appends are group-committed, so one fsync serves many messages; an urgent append (an alarm's event)
/// goes into the next group ahead of the statuses waiting and its caller carries on on the alarm lane.
/// Lift and escalator statuses are acknowledged once spooled and applied to their grains afterwards; the spool keeps
/// every file from the position before which all of them were applied (<see cref="MarkApplied"/>, kept in the file
/// <c>applied</c>), so those not applied before a crash are read again at the next start (<see cref="ReadSinceApplied"/>).
/// </summary>
public sealed class IngestJournal : IAsyncDisposable
{
    private const string SegmentPattern = "*.seg";
    private const string CheckpointFile = "checkpoint";
    private const string AppliedFile = "applied";
    private const int MaxReadBytes = 4 << 20;

    private readonly string _folder;
    private readonly JournalOptions _options;
    private readonly GroupCommitQueue<string> _appends;
    private readonly ArrayBufferWriter<byte> _groupBuffer = new(64 * 1024);
    private readonly Lock _gate = new();
    private readonly SortedDictionary<long, long> _segmentLengths = [];
    private FileStream _active;
    private long _activeSegment;
    private JournalPosition _checkpoint;
    private JournalPosition _applied;
    private long _pendingBytes;
    private long _pendingLines;
    private TaskCompletionSource _dataAvailable = NewSignal();

    /// <summary>When lines were spooled, at most one mark a second: (ordinal of the first line spooled then, when).</summary>
    private readonly Queue<(long FirstLine, DateTimeOffset At)> _spooledAt = new();
    private static readonly TimeSpan MarkEvery = TimeSpan.FromSeconds(1);
    private readonly TimeProvider _time;
    private long _appendedLines;
    private long _committedLines;

    public IngestJournal(
        IOptions<DataOptions> data, IOptions<JournalOptions> options, PriorityLane alarmLane, TimeProvider time, ILogger<IngestJournal> logger)
    {
        _folder = data.Value.Combine("spool");
        _options = options.Value;
        _time = time;
        Directory.CreateDirectory(_folder);
        Recover();
        _activeSegment = _segmentLengths.Count == 0 ? _checkpoint.Segment : _segmentLengths.Keys.Max() + 1;
        _segmentLengths.Add(_activeSegment, 0);
        _active = OpenSegment(_activeSegment);
        _appends = new GroupCommitQueue<string>(WriteGroup, name: "spool group commit", urgentLane: alarmLane);
        logger.LogInformation(
            "Spool at {Folder}: {Lines} points ({Bytes} bytes) waiting from earlier runs; limit {MaxBytes} bytes",
            _folder, _pendingLines, _pendingBytes, _options.MaxBytes);
    }

    /// <summary>Lines durably spooled and not yet committed as written to InfluxDB.</summary>
    public long PendingLines => Interlocked.Read(ref _pendingLines);

    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>
    /// How long the oldest line not yet written to InfluxDB has waited in the spool, to within a second
    /// (for lines an earlier run left, since their file was written); zero when nothing waits.
    /// </summary>
    public TimeSpan OldestPendingAge
    {
        get
        {
            lock (_gate)
            {
                return _committedLines < _appendedLines && _spooledAt.TryPeek(out var oldest) ? _time.GetUtcNow() - oldest.At : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Where the statuses not known to be applied begin (see <see cref="MarkApplied"/>).</summary>
    public JournalPosition AppliedFrom
    {
        get
        {
            lock (_gate)
            {
                return _applied;
            }
        }
    }

    /// <summary>Where the next line will be written: every line before it is on disk.</summary>
    public JournalPosition DurableEnd
    {
        get
        {
            lock (_gate)
            {
                return new JournalPosition(_activeSegment, _segmentLengths[_activeSegment]);
            }
        }
    }

    /// <summary>
    /// Completes once the line is on disk; throws <see cref="JournalFullException"/> when the spool is full. An
    /// <paramref name="urgent"/> line is written in the next group, ahead of the lines waiting, and the caller
    /// continues on the alarm lane (see <see cref="GroupCommitQueue{T}"/>).
    /// </summary>
    public Task AppendAsync(string line, bool urgent = false)
    {
        if (PendingBytes + line.Length >= _options.MaxBytes)
        {
            throw new JournalFullException(
                $"spool full ({PendingBytes} of {_options.MaxBytes} bytes): InfluxDB has been unreachable too long; retry later");
        }

        return _appends.EnqueueAsync(line, urgent);
    }

    /// <summary>Waits for spooled lines and returns up to <paramref name="maxLines"/> of them from the committed position.</summary>
    public async Task<JournalBatch> ReadAsync(int maxLines, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            JournalPosition from;
            long durableLength;
            lock (_gate)
            {
                from = _checkpoint;
                durableLength = _segmentLengths.GetValueOrDefault(from.Segment);
                if (from.Offset >= durableLength && from.Segment < _activeSegment)
                {
                    // A sealed segment is used up: move on without waiting.
                    _checkpoint = new JournalPosition(NextSegmentAfter(from.Segment), 0);
                    continue;
                }

                signal = _dataAvailable.Task;
            }

            if (from.Offset < durableLength)
            {
                return await ReadLinesAsync(from, durableLength, maxLines, cancellationToken);
            }

            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Marks a batch as written: its lines will not be read again, and used-up files are deleted.</summary>
    public void Commit(JournalBatch batch)
    {
        long consumedBytes;
        lock (_gate)
        {
            consumedBytes = DistanceTo(batch.End);
            _checkpoint = batch.End;
            DeleteUsedUpSegments();
        }

        Interlocked.Add(ref _pendingBytes, -consumedBytes);
        Interlocked.Add(ref _pendingLines, -batch.Lines.Count);
        lock (_gate)
        {
            _committedLines += batch.Lines.Count;
            while (_spooledAt.Count > 1 && _spooledAt.ElementAt(1).FirstLine <= _committedLines)
            {
                _spooledAt.Dequeue();
            }
        }

        WritePosition(CheckpointFile, batch.End);
    }

    /// <summary>
    /// Records that every status spooled before <paramref name="position"/> has been applied to its grain: files before it
    /// are kept no longer for that, and a restart reads statuses again only from there. The file is not fsync'd: if a crash
    /// loses the newest mark, an older one reads a few more statuses again, which their grains ignore as not newer.
    /// </summary>
    public void MarkApplied(JournalPosition position)
    {
        lock (_gate)
        {
            _applied = position;
            DeleteUsedUpSegments();
        }

        WritePosition(AppliedFile, position);
    }

    /// <summary>
    /// The lines spooled since the last <see cref="MarkApplied"/> of an earlier run, for statuses acknowledged but perhaps
    /// not applied before it stopped; read once at start. Without a mark (a spool of an older version), every line still
    /// waiting for InfluxDB is read.
    /// </summary>
    public IEnumerable<string> ReadSinceApplied()
    {
        List<(long Segment, long Length)> segments;
        JournalPosition from;
        lock (_gate)
        {
            // Files of earlier runs only: this run writes to a new one, and a crash's torn tail was cut off at start.
            from = _applied;
            segments = [.. _segmentLengths.Where(pair => pair.Key >= from.Segment && pair.Key < _activeSegment).Select(pair => (pair.Key, pair.Value))];
        }

        foreach (var (segment, length) in segments)
        {
            using var file = new FileStream(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.Position = segment == from.Segment ? Math.Min(from.Offset, length) : 0;
            using var reader = new StreamReader(file, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                yield return line;
            }
        }
    }

    /// <summary>Keeps a point the store refused for its content, with the reason, in <c>spool/refused.lp</c>; returns that path.</summary>
    public string SetAsideRefused(string line, string reason)
    {
        var path = Path.Combine(_folder, "refused.lp");
        File.AppendAllText(path, $"# {DateTimeOffset.UtcNow:O} {reason.ReplaceLineEndings(" ")}\n{line}\n");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _appends.DisposeAsync();
        await _active.DisposeAsync();
    }

    /// <summary>
    /// Runs on the group-commit thread, synchronously: an async write would hand the I/O to the
    /// thread pool and wait for a turn there, which under load costs far more than the write and fsync.
    /// </summary>
    private Task WriteGroup(IReadOnlyList<string> lines)
    {
        if (_active.Length >= _options.SegmentBytes)
        {
            // Open the next file before giving up the current one, so a failure leaves appends working.
            var next = OpenSegment(_activeSegment + 1);
            _active.Dispose();
            _active = next;
            lock (_gate)
            {
                _activeSegment++;
                _segmentLengths.Add(_activeSegment, 0);
            }
        }

        // Only the group-commit thread writes groups, so one buffer serves them all (it keeps the largest group's size).
        var buffer = _groupBuffer;
        buffer.ResetWrittenCount();
        foreach (var line in lines)
        {
            Encoding.UTF8.GetBytes(line, buffer);
            buffer.Write("\n"u8);
        }

        var durableLength = _active.Length;
        try
        {
            _active.Write(buffer.WrittenSpan);
            _active.Flush(flushToDisk: true);
        }
        catch
        {
            // Nothing of a failed group was acknowledged: cut it off so no half line ever reaches the reader.
            _active.SetLength(durableLength);
            throw;
        }

        Interlocked.Add(ref _pendingBytes, buffer.WrittenCount);
        Interlocked.Add(ref _pendingLines, lines.Count);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (_committedLines == _appendedLines)
            {
                // Everything before was written: these lines start the wait afresh.
                _spooledAt.Clear();
            }

            if (_spooledAt.Count == 0 || now - _spooledAt.Last().At >= MarkEvery)
            {
                _spooledAt.Enqueue((_appendedLines, now));
            }

            _appendedLines += lines.Count;
            _segmentLengths[_activeSegment] = _active.Length;
            _dataAvailable.TrySetResult();
            _dataAvailable = NewSignal();
        }

        return Task.CompletedTask;
    }

    private async Task<JournalBatch> ReadLinesAsync(JournalPosition from, long durableLength, int maxLines, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(durableLength - from.Offset, MaxReadBytes);
        var bytes = new byte[length];
        await using (var file = new FileStream(SegmentPath(from.Segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            file.Position = from.Offset;
            await file.ReadExactlyAsync(bytes, cancellationToken);
        }

        var lines = new List<string>();
        var consumed = 0;
        while (lines.Count < maxLines)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', consumed);
            if (newline < 0)
            {
                break;
            }

            lines.Add(Encoding.UTF8.GetString(bytes, consumed, newline - consumed));
            consumed = newline + 1;
        }

        return new JournalBatch(lines, new JournalPosition(from.Segment, from.Offset + consumed));
    }

    private void Recover()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, SegmentPattern))
        {
            _segmentLengths[long.Parse(Path.GetFileNameWithoutExtension(path), CultureInfo.InvariantCulture)] = new FileInfo(path).Length;
        }

        _checkpoint = ReadPosition(CheckpointFile) ?? new JournalPosition(_segmentLengths.Count == 0 ? 1 : _segmentLengths.Keys.Min(), 0);
        _applied = ReadPosition(AppliedFile) ?? _checkpoint;
        DeleteUsedUpSegments();

        if (_segmentLengths.Count > 0)
        {
            TruncateTornTail(_segmentLengths.Keys.Max());
        }

        foreach (var (segment, length) in _segmentLengths)
        {
            var start = segment == _checkpoint.Segment ? _checkpoint.Offset : 0;
            _pendingBytes += Math.Max(0, length - start);
            _pendingLines += CountLines(segment, start);
        }

        if (_pendingLines > 0)
        {
            // Lines of an earlier run: no older than the file they wait in.
            var file = new FileInfo(SegmentPath(_checkpoint.Segment));
            var written = file.Exists ? new[] { file.CreationTimeUtc, file.LastWriteTimeUtc }.Min() : _time.GetUtcNow().UtcDateTime;
            _spooledAt.Enqueue((0, new DateTimeOffset(written, TimeSpan.Zero)));
            _appendedLines = _pendingLines;
        }
    }

    private JournalPosition? ReadPosition(string name)
    {
        var path = Path.Combine(_folder, name);
        return File.Exists(path) && File.ReadAllText(path).Split(' ') is [var segment, var offset]
            ? new JournalPosition(long.Parse(segment, CultureInfo.InvariantCulture), long.Parse(offset, CultureInfo.InvariantCulture))
            : null;
    }

    private void WritePosition(string name, JournalPosition position)
    {
        var temporary = Path.Combine(_folder, name + ".tmp");
        File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{position.Segment} {position.Offset}"));
        File.Move(temporary, Path.Combine(_folder, name), overwrite: true);
    }

    /// <summary>A file is deleted once InfluxDB has every line of it and every status in it has been applied.</summary>
    private void DeleteUsedUpSegments()
    {
        var keepFrom = Math.Min(_checkpoint.Segment, _applied.Segment);
        foreach (var segment in _segmentLengths.Keys.Where(s => s < keepFrom && s != _activeSegment).ToList())
        {
            _segmentLengths.Remove(segment);
            File.Delete(SegmentPath(segment));
        }
    }

    /// <summary>A crash mid-write can leave half a line; it was never acknowledged, so it is cut off.</summary>
    private void TruncateTornTail(long segment)
    {
        using var file = new FileStream(SegmentPath(segment), FileMode.Open, FileAccess.ReadWrite);
        var keep = file.Length;
        while (keep > 0)
        {
            file.Position = keep - 1;
            if (file.ReadByte() == '\n')
            {
                break;
            }

            keep--;
        }

        file.SetLength(keep);
        _segmentLengths[segment] = keep;
    }

    private long CountLines(long segment, long from)
    {
        using var file = new FileStream(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Position = from;
        long count = 0;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        return count;
    }

    private long DistanceTo(JournalPosition end)
    {
        if (end.Segment == _checkpoint.Segment)
        {
            return end.Offset - _checkpoint.Offset;
        }

        var rest = _segmentLengths.GetValueOrDefault(_checkpoint.Segment) - _checkpoint.Offset;
        var between = _segmentLengths.Where(pair => pair.Key > _checkpoint.Segment && pair.Key < end.Segment).Sum(pair => pair.Value);
        return rest + between + end.Offset;
    }

    private long NextSegmentAfter(long segment) =>
        _segmentLengths.Keys.Where(s => s > segment).DefaultIfEmpty(_activeSegment).Min();

    private FileStream OpenSegment(long segment) =>
        new(SegmentPath(segment), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);

    private string SegmentPath(long segment) => Path.Combine(_folder, segment.ToString("D12", CultureInfo.InvariantCulture) + ".seg");

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
