namespace CommandCenter.Simulators.Mqtt;

/// <summary>The result of one publish as the broker answered it.</summary>
public enum PublishOutcome
{
    /// <summary>PUBACK with a success reason code.</summary>
    Acknowledged,

    /// <summary>PUBACK with an error reason code (ingest refused the message).</summary>
    Rejected,

    /// <summary>No session, or the session broke before the PUBACK arrived.</summary>
    NotSent,
}

/// <summary>Counters shared by many connections; safe to update from concurrent publishes.</summary>
public sealed class PublishStatistics
{
    private long _acknowledged;
    private long _rejected;
    private long _notSent;
    private string? _newestRejection;
    private string? _newestConnectFailure;

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long NotSent => Interlocked.Read(ref _notSent);

    /// <summary>"device: reason" of the newest refused publish, for the progress line.</summary>
    public string? NewestRejection => Volatile.Read(ref _newestRejection);

    /// <summary>"device: reason" of the newest refused or failed CONNECT (wrong secret, broker down).</summary>
    public string? NewestConnectFailure => Volatile.Read(ref _newestConnectFailure);

    public void Record(PublishOutcome outcome)
    {
        switch (outcome)
        {
            case PublishOutcome.Acknowledged:
                Interlocked.Increment(ref _acknowledged);
                break;
            case PublishOutcome.Rejected:
                Interlocked.Increment(ref _rejected);
                break;
            default:
                Interlocked.Increment(ref _notSent);
                break;
        }
    }

    public void RecordRejection(string deviceId, string reason)
    {
        Record(PublishOutcome.Rejected);
        Volatile.Write(ref _newestRejection, $"{deviceId}: {reason}");
    }

    public void RecordConnectFailure(string deviceId, string reason) =>
        Volatile.Write(ref _newestConnectFailure, $"{deviceId}: {reason}");
}
