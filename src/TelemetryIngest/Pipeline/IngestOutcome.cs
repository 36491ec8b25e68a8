namespace CommandCenter.TelemetryIngest.Pipeline;

/// <summary>What became of a message; the broker turns it into the PUBACK the device sees.</summary>
public enum IngestResult
{
    /// <summary>Durably accepted and applied.</summary>
    Accepted,

    /// <summary>Already accepted earlier (same device, topic and sequence number); dropped, acknowledged.</summary>
    Duplicate,

    /// <summary>Invalid; dead-lettered with its reason.</summary>
    Rejected,

    /// <summary>The publisher may not publish this (topic or elevator not its own); dead-lettered.</summary>
    NotAuthorized,

    /// <summary>Valid but cannot be stored now (the on-disk spool is full); the device should retry later.</summary>
    Overloaded,
}

/// <summary>The result and, unless accepted, a reason for a person to read.</summary>
public readonly record struct IngestOutcome(IngestResult Result, string? Reason = null)
{
    public bool IsAcknowledged => Result is IngestResult.Accepted or IngestResult.Duplicate;
}
