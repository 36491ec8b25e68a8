namespace CommandCenter.Simulators.People;

/// <summary>
/// How long each simulated person takes for a step of a case, drawn from these ranges and counted from the case's last
/// change (its <c>updatedAt</c>), so a restarted simulator picks up where the cases stand.
/// </summary>
/// <param name="File">The command center files (立案) a reported case.</param>
/// <param name="Dispatch">The command center dispatches (派遣) a filed case, or a returned one again.</param>
/// <param name="Return">A wrongly dispatched unit returns (退回) the case.</param>
/// <param name="Accept">The unit accepts (签收) the case.</param>
/// <param name="Feedback">The unit handles it and feeds back (反馈), when on time.</param>
/// <param name="LateBy">How far past the disposal deadline a late unit feeds back.</param>
/// <param name="Verify">The grid worker verifies (核查) the feedback on the spot.</param>
/// <param name="Close">The command center closes (结案) the verified case.</param>
/// <param name="Evaluate">The reporter evaluates (回访) the closed case.</param>
public sealed record PeopleTimings(
    (TimeSpan Min, TimeSpan Max) File,
    (TimeSpan Min, TimeSpan Max) Dispatch,
    (TimeSpan Min, TimeSpan Max) Return,
    (TimeSpan Min, TimeSpan Max) Accept,
    (TimeSpan Min, TimeSpan Max) Feedback,
    (TimeSpan Min, TimeSpan Max) LateBy,
    (TimeSpan Min, TimeSpan Max) Verify,
    (TimeSpan Min, TimeSpan Max) Close,
    (TimeSpan Min, TimeSpan Max) Evaluate)
{
    /// <summary>
    /// A working day compressed for watching: the desk files and dispatches within minutes, units accept within a quarter
    /// of an hour and handle within the hour, a late one feeds back up to an hour past the deadline.
    /// </summary>
    public static PeopleTimings Demo { get; } = new(
        File: (TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2)),
        Dispatch: (TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(3)),
        Return: (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)),
        Accept: (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)),
        Feedback: (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(45)),
        LateBy: (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(60)),
        Verify: (TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(20)),
        Close: (TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)),
        Evaluate: (TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)));
}

/// <summary>What the simulated people do, beyond when.</summary>
/// <param name="CasesPerHour">Cases each grid worker reports per hour, on average (the gaps are random, as a patrol finds things).</param>
/// <param name="ReturnShare">Share of cases first dispatched to the wrong department, which returns them (the accurate-dispatch rate).</param>
/// <param name="LateShare">Share of cases the unit feeds back only after the disposal deadline (yellow card and beyond).</param>
/// <param name="UnsatisfiedShare">Share of closed cases the reporter is unsatisfied with; a third of those ask for rework.</param>
/// <param name="BasicallySatisfiedShare">Share of closed cases the reporter is basically satisfied with; the rest are satisfied.</param>
/// <param name="PollEvery">How often each person looks at their list of cases.</param>
public sealed record PeopleSettings(
    double CasesPerHour,
    double ReturnShare,
    double LateShare,
    double UnsatisfiedShare,
    double BasicallySatisfiedShare,
    TimeSpan PollEvery,
    PeopleTimings Timings,
    int Seed)
{
    public static PeopleSettings Demo(int seed) => new(
        CasesPerHour: 6, ReturnShare: 0.1, LateShare: 0.15, UnsatisfiedShare: 0.1, BasicallySatisfiedShare: 0.2,
        PollEvery: TimeSpan.FromSeconds(5), PeopleTimings.Demo, seed);
}
