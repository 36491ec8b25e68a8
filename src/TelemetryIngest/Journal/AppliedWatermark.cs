namespace CommandCenter.TelemetryIngest.Journal;

/// <summary>
/// Finds the spool position before which every acknowledged status has been applied to its grain, without knowing where
/// each status's line lies. Time is cut into epochs: a status owes its epoch from before its line is spooled until it is
/// applied (or superseded by a newer one of its device). An epoch starts where the spool's durable end was when it began,
/// so every line before that start was spooled by a status of an earlier epoch; once all earlier epochs are settled,
/// that start is safe. Only two epochs are ever open: a new one begins only when the one before the current is settled.
/// </summary>
public sealed class AppliedWatermark
{
    private readonly Lock _gate = new();
    private readonly IngestJournal _journal;
    private readonly long[] _owing = new long[2];
    private readonly JournalPosition[] _startOf = new JournalPosition[2];
    private long _epoch = 1;

    /// <param name="journal">The spool.</param>
    /// <param name="replayFrom">Where the statuses read again at start begin: they owe the first epoch.</param>
    public AppliedWatermark(IngestJournal journal, JournalPosition replayFrom)
    {
        _journal = journal;
        _startOf[_epoch & 1] = replayFrom;
    }

    /// <summary>Called before a status is spooled; the epoch it owes until <see cref="Settle"/>.</summary>
    public long Owe()
    {
        lock (_gate)
        {
            _owing[_epoch & 1]++;
            return _epoch;
        }
    }

    /// <summary>The status owing <paramref name="epoch"/> was applied, superseded, or never spooled.</summary>
    public void Settle(long epoch)
    {
        lock (_gate)
        {
            _owing[epoch & 1]--;
        }
    }

    /// <summary>
    /// Starts the next epoch if the one before the current is settled, and returns the position now safe (every status
    /// spooled before it is applied); null while statuses of the epoch before are still owed.
    /// </summary>
    public JournalPosition? Advance()
    {
        lock (_gate)
        {
            if (_owing[(_epoch - 1) & 1] != 0)
            {
                return null;
            }

            var safe = _startOf[_epoch & 1];
            _epoch++;
            _startOf[_epoch & 1] = _journal.DurableEnd;
            return safe;
        }
    }
}
