using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.Responders;

/// <summary>How long a simulated firm takes for each step, drawn from these ranges.</summary>
/// <param name="Respond">From the dispatch to acknowledging the alarm.</param>
/// <param name="Arrive">From acknowledging to being on site, when on time.</param>
/// <param name="Complete">From arriving to closing the alarm.</param>
/// <param name="LateBy">How far past the arrival limit a late technician arrives.</param>
public sealed record ResponseTimings(
    (TimeSpan Min, TimeSpan Max) Respond,
    (TimeSpan Min, TimeSpan Max) Arrive,
    (TimeSpan Min, TimeSpan Max) Complete,
    (TimeSpan Min, TimeSpan Max) LateBy)
{
    /// <summary>A firm on a working day: acknowledged within a minute or two, on site well inside 30 minutes, done in minutes.</summary>
    public static ResponseTimings Demo { get; } = new(
        (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(90)),
        (TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(20)),
        (TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(8)),
        (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)));
}

/// <summary>When a simulated firm takes each step of one alarm, measured from the moment it saw the alarm.</summary>
/// <param name="Late">The technician will arrive after the arrival limit, so the alarm is re-dispatched first.</param>
public sealed record ResponsePlan(TimeSpan RespondAfter, TimeSpan ArriveAfter, TimeSpan CompleteAfter, bool Late)
{
    /// <summary>
    /// The plan for one alarm and firm: the same seed, alarm and firm always give the same plan, so a demo
    /// replays alike. A late arrival lands after <paramref name="arrivalDueIn"/> (the time left until the
    /// arrival limit); without a limit nobody is late.
    /// </summary>
    public static ResponsePlan For(int seed, string alarmId, string firmId, double lateShare, TimeSpan? arrivalDueIn, ResponseTimings timings)
    {
        var random = StableHash.RandomFor(seed, $"{firmId}|{alarmId}");
        var respond = Between(random, timings.Respond);
        var late = arrivalDueIn is not null && random.NextDouble() < lateShare;
        var arrive = late
            ? Max(respond, arrivalDueIn!.Value) + Between(random, timings.LateBy)
            : respond + Between(random, timings.Arrive);
        if (!late && arrivalDueIn is { } due && arrive >= due)
        {
            // An on-time technician is on site before the limit, however short the limit is.
            arrive = Max(respond, due - TimeSpan.FromSeconds(1));
        }

        return new ResponsePlan(respond, arrive, arrive + Between(random, timings.Complete), late);
    }

    private static TimeSpan Between(Random random, (TimeSpan Min, TimeSpan Max) range) =>
        range.Min + (range.Max - range.Min) * random.NextDouble();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
