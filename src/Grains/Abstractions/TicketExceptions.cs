using System.Collections.Immutable;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// A ticket refused a request and changed nothing. It names the ticket's current status (null when
/// the ticket does not exist) and the actions allowed now, so callers can say what would work.
/// </summary>
[GenerateSerializer]
public abstract class TicketException : Exception
{
    protected TicketException(string ticketId, TicketStatus? status, ImmutableArray<TicketAction> allowedActions, string message)
        : base(message)
    {
        TicketId = ticketId;
        Status = status;
        AllowedActions = allowedActions;
    }

    [Id(0)] public string TicketId { get; init; }

    [Id(1)] public TicketStatus? Status { get; init; }

    [Id(2)] public ImmutableArray<TicketAction> AllowedActions { get; init; }
}

/// <summary>The action is not allowed in the ticket's current status (REST: 409).</summary>
[GenerateSerializer]
public sealed class TicketTransitionException(string ticketId, TicketStatus status, TicketAction action, ImmutableArray<TicketAction> allowedActions)
    : TicketException(
        ticketId,
        status,
        allowedActions,
        $"Ticket {ticketId} is {KebabCase.Of(status)}: '{KebabCase.Of(action)}' is not allowed; allowed: {Describe(allowedActions)}.")
{
    [Id(0)] public TicketAction Action { get; init; } = action;

    private static string Describe(ImmutableArray<TicketAction> actions) =>
        actions.IsEmpty ? "none" : string.Join(", ", actions.Select(KebabCase.Of));
}

/// <summary>
/// The request itself is wrong: a missing actor, an unknown category or area (REST: 400). A report
/// refused before it was numbered has an empty <see cref="TicketException.TicketId"/>.
/// </summary>
[GenerateSerializer]
public sealed class TicketValidationException(string ticketId, TicketStatus? status, ImmutableArray<TicketAction> allowedActions, ImmutableArray<TextCode> errors)
    : TicketException(ticketId, status, allowedActions, $"{(ticketId.Length == 0 ? "Report" : $"Ticket {ticketId}")} refused: {string.Join(" ", errors.Select(Describe))}")
{
    /// <summary>Each problem as a key of <see cref="TicketProblems"/> and its arguments, rendered where it is read.</summary>
    [Id(0)] public ImmutableArray<TextCode> Errors { get; init; } = errors;

    /// <summary>For logs: the key with its arguments, <c>Problem.GridNotInCity(G99)</c>.</summary>
    private static string Describe(TextCode problem) => $"{problem.Key}({string.Join("; ", problem.Args)})";
}

/// <summary>The keys of <see cref="TicketValidationException.Errors"/>; arguments as each says.</summary>
public static class TicketProblems
{
    /// <summary>The known sources.</summary>
    public const string Source = "Problem.Source";

    /// <summary>The category, the known ones.</summary>
    public const string UnknownCategory = "Problem.UnknownCategory";

    /// <summary>The ticket's category, no longer configured.</summary>
    public const string CategoryGone = "Problem.CategoryGone";

    /// <summary>The field.</summary>
    public const string Required = "Problem.Required";

    /// <summary>The field, its most characters.</summary>
    public const string TooLong = "Problem.TooLong";

    /// <summary>The action (cancel, send-back).</summary>
    public const string NeedsComment = "Problem.NeedsComment";

    public const string TargetOnlyForDispatch = "Problem.TargetOnlyForDispatch";

    public const string DispatchNeedsTarget = "Problem.DispatchNeedsTarget";

    /// <summary>The department, the known ones (— for none).</summary>
    public const string UnknownDepartment = "Problem.UnknownDepartment";

    /// <summary>The target's area key.</summary>
    public const string TargetNotInCity = "Problem.TargetNotInCity";

    public const string LocationNeeded = "Problem.LocationNeeded";

    public const string LatitudeWithLongitude = "Problem.LatitudeWithLongitude";

    public const string CoordinatesOutOfRange = "Problem.CoordinatesOutOfRange";

    /// <summary>The grid.</summary>
    public const string GridNotInCity = "Problem.GridNotInCity";
    public const string InvalidElevatorId = "Problem.InvalidElevatorId";

    /// <summary>The ticket's id.</summary>
    public const string AlreadyExists = "Problem.AlreadyExists";

    /// <summary>The photo step, the ticket's status.</summary>
    public const string PhotoStepNotNow = "Problem.PhotoStepNotNow";

    /// <summary>The photo step, the most photos per step, how many it has.</summary>
    public const string TooManyPhotos = "Problem.TooManyPhotos";

    /// <summary>The ticket's status: only a closed case is evaluated.</summary>
    public const string EvaluateOnlyClosed = "Problem.EvaluateOnlyClosed";

    /// <summary>When the closure was evaluated already.</summary>
    public const string AlreadyEvaluated = "Problem.AlreadyEvaluated";

    /// <summary>The satisfactions known.</summary>
    public const string UnknownSatisfaction = "Problem.UnknownSatisfaction";

    public const string ReworkOnlyUnsatisfied = "Problem.ReworkOnlyUnsatisfied";

    /// <summary>When the closure was, the window (days).</summary>
    public const string ReworkWindowPassed = "Problem.ReworkWindowPassed";

    /// <summary>The step (kebab case), the ticket's status.</summary>
    public const string CoStepNotNow = "Problem.CoStepNotNow";

    /// <summary>The step (kebab case).</summary>
    public const string NeedsUnits = "Problem.NeedsUnits";

    /// <summary>The unit's key: it is the lead, or assists or is summoned already.</summary>
    public const string AlreadyInvolved = "Problem.AlreadyInvolved";

    /// <summary>The unit's key: not an assisting unit (or not one that may take this step now), or not summoned (or reported in already).</summary>
    public const string NotInvolved = "Problem.NotInvolved";

    /// <summary>The unit's key: only departments are summoned.</summary>
    public const string OnlyDepartments = "Problem.OnlyDepartments";

    /// <summary>The ticket's id: it has left the index, so it can no longer be evaluated.</summary>
    public const string EvaluationArchived = "Problem.EvaluationArchived";
}

/// <summary>The keys of <see cref="TicketAuditEntry.Notice"/>, what the system notes on a ticket's trail.</summary>
public static class TicketNotices
{
    /// <summary>The disposal deadline passed: the deadline (yyyy-MM-dd HH:mm, city time) and the area now responsible.</summary>
    public const string Escalated = "Notice.Escalated";

    /// <summary>An evaluation: the satisfaction (kebab case) and the channel (kebab case).</summary>
    public const string Evaluated = "Notice.Evaluated";

    /// <summary>An unsatisfied evaluation reopened the case: the unit it went back to and the new deadline (yyyy-MM-dd HH:mm, city time).</summary>
    public const string Reopened = "Notice.Reopened";
}

/// <summary>No ticket has this id (REST: 404).</summary>
[GenerateSerializer]
public sealed class TicketNotFoundException(string ticketId)
    : TicketException(ticketId, null, [], $"Ticket {ticketId} does not exist.");
