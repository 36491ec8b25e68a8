using CommandCenter.Simulators.Simulation;

namespace CommandCenter.Simulators.People;

/// <summary>A reporter's satisfaction, as <c>POST /api/tickets/{id}/evaluation</c> names it.</summary>
public enum Satisfaction
{
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}

/// <summary>
/// How one round of one case goes (a round ends with a closure; rework starts the next): how long each person takes,
/// whether it is first dispatched to the wrong department, whether the unit is late, and what the reporter answers.
/// The same seed, case and round always give the same plan, so a demo replays alike.
/// </summary>
public sealed record CasePlan(
    TimeSpan FileAfter,
    TimeSpan DispatchAfter,
    bool WrongDispatch,
    double WrongPick,
    TimeSpan ReturnAfter,
    TimeSpan AcceptAfter,
    TimeSpan FeedbackAfter,
    bool Late,
    TimeSpan LateBy,
    TimeSpan VerifyAfter,
    TimeSpan CloseAfter,
    TimeSpan EvaluateAfter,
    Satisfaction Satisfaction,
    bool Rework)
{
    /// <summary>Of the unsatisfied reporters, this share asks for the case to be done again (返工).</summary>
    public const double ReworkShareOfUnsatisfied = 1.0 / 3;

    public static CasePlan For(PeopleSettings settings, string caseId, int round)
    {
        var random = StableHash.RandomFor(settings.Seed, $"case|{caseId}|{round}");
        var timings = settings.Timings;

        // Every draw is taken in the same order whatever the outcome, so one share's setting never shifts another's.
        var file = Between(random, timings.File);
        var dispatch = Between(random, timings.Dispatch);
        var wrong = random.NextDouble() < settings.ReturnShare;
        var wrongPick = random.NextDouble();
        var returnAfter = Between(random, timings.Return);
        var accept = Between(random, timings.Accept);
        var feedback = Between(random, timings.Feedback);
        var late = random.NextDouble() < settings.LateShare;
        var lateBy = Between(random, timings.LateBy);
        var verify = Between(random, timings.Verify);
        var close = Between(random, timings.Close);
        var evaluate = Between(random, timings.Evaluate);
        var answer = random.NextDouble();
        var satisfaction = answer < settings.UnsatisfiedShare ? Satisfaction.Unsatisfied
            : answer < settings.UnsatisfiedShare + settings.BasicallySatisfiedShare ? Satisfaction.BasicallySatisfied
            : Satisfaction.Satisfied;
        var rework = satisfaction == Satisfaction.Unsatisfied && random.NextDouble() < ReworkShareOfUnsatisfied;
        return new CasePlan(file, dispatch, wrong, wrongPick, returnAfter, accept, feedback, late, lateBy, verify, close, evaluate, satisfaction, rework);
    }

    private static TimeSpan Between(Random random, (TimeSpan Min, TimeSpan Max) range) =>
        range.Min + (range.Max - range.Min) * random.NextDouble();
}
