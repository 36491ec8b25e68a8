namespace CommandCenter.Simulators.Records;

/// <summary>
/// The compressed clock that inspection and maintenance duties run on. It starts
/// <paramref name="history"/> before the real start and runs a day every <paramref name="dayLength"/>
/// of real time until it has caught up with the real clock, then keeps pace with it. It never runs
/// ahead: ingest refuses records dated in the future, and records stamped with a future time would
/// mislead the compliance rules.
/// </summary>
public sealed class SimulatedCalendar(DateTimeOffset realStart, TimeSpan history, TimeSpan dayLength)
{
    private readonly double _speed = TimeSpan.FromDays(1) / dayLength;

    /// <summary>Simulated time when the run started.</summary>
    public DateTimeOffset Start { get; } = realStart - history;

    /// <summary>Simulated days per real day while catching up.</summary>
    public double Speed => _speed;

    public DateTimeOffset Now(DateTimeOffset realNow)
    {
        var simulated = Start + ((realNow - realStart) * _speed);
        return simulated < realNow ? simulated : realNow;
    }
}
