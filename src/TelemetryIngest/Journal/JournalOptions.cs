using System.ComponentModel.DataAnnotations;

namespace CommandCenter.TelemetryIngest.Journal;

/// <summary>The on-disk spool between acceptance and InfluxDB.</summary>
public sealed class JournalOptions
{
    public const string Section = "Ingest:Spool";

    /// <summary>
    /// Most bytes the spool may hold (points accepted but not yet in InfluxDB). When it is full,
    /// devices are told to retry later (PUBACK "quota exceeded") rather than anything being dropped.
    /// </summary>
    [Range(1L << 20, 1L << 40)]
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>Size at which a spool file is closed and a new one started; consumed files are deleted.</summary>
    [Range(1 << 16, 1 << 30)]
    public int SegmentBytes { get; set; } = 8 << 20;
}

/// <summary>Where the next unconsumed line starts: segment number and byte offset in it.</summary>
public readonly record struct JournalPosition(long Segment, long Offset);

/// <summary>Consecutive lines read from the spool, and the position just after them.</summary>
public sealed record JournalBatch(IReadOnlyList<string> Lines, JournalPosition End);

/// <summary>The spool is full; the message was not stored and should be sent again later.</summary>
public sealed class JournalFullException(string message) : Exception(message);
