namespace CommandCenter.Grains;

/// <summary>
/// The clock every domain rule reads (SLAs, duties, work-order limits, parking windows). It is a
/// TimeProvider of its own rather than the silo's, so tests can run the rules on fake time while
/// Orleans itself (timeouts, timers, membership) keeps real time.
/// </summary>
public sealed class CityClock(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
