using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>The ids of the built-in rules, as configuration (<c>GridWorkerPoints:Points:{id}</c>) and award rows name them.</summary>
public static class PointRuleIds
{
    public const string ReportAccepted = "report-accepted";
    public const string ReportRejected = "report-rejected";
    public const string ReportClosed = "report-closed";
    public const string VerifiedOnTime = "verified-on-time";
    public const string ClosedSatisfied = "closed-satisfied";
}

/// <summary>
/// A step of a case that earns a person points under a rule: who, when, and what the audit trail says. The award counts in the
/// month of <paramref name="CountsAt"/>, or of the case's finishing when null.
/// </summary>
public sealed record PointEvidence(string Worker, DateTimeOffset StepAt, string Reason, DateTimeOffset? CountsAt = null);

/// <summary>
/// One rule of the points system (积分制): what in a finished (or evaluated) case earns points, and to whom. A rule only finds the
/// evidence; how many points it is worth is configuration (<see cref="GridWorkerPointsOptions"/>), and whether the person
/// is a grid worker is the roster's to say. A new rule is one more class registered as <see cref="IPointRule"/>.
/// </summary>
public interface IPointRule
{
    /// <summary>Stable id, in configuration and award rows.</summary>
    string Id { get; }

    /// <summary>The points when configuration names none.</summary>
    int DefaultPoints { get; }

    IEnumerable<PointEvidence> Find(TicketDetails details);
}

/// <summary>A grid worker's report was filed (立案): it was a real problem.</summary>
public sealed class ReportAcceptedRule : IPointRule
{
    public string Id => PointRuleIds.ReportAccepted;

    public int DefaultPoints => 2;

    public IEnumerable<PointEvidence> Find(TicketDetails details) =>
        details.Ticket.Source != TicketSource.GridWorker ? []
        : details.Audit.Where(e => e.Action == nameof(TicketAction.File)).Take(1)
            .Select(e => new PointEvidence(details.Ticket.Reporter, e.At, $"reported, filed by {e.Actor}"));
}

/// <summary>A grid worker's report was cancelled before filing (不予立案): not a case, or a duplicate.</summary>
public sealed class ReportRejectedRule : IPointRule
{
    public string Id => PointRuleIds.ReportRejected;

    public int DefaultPoints => -1;

    public IEnumerable<PointEvidence> Find(TicketDetails details) =>
        details.Ticket.Source != TicketSource.GridWorker || details.Ticket.Status != TicketStatus.Cancelled ? []
        : details.Audit.Where(e => e.Action == nameof(TicketAction.Cancel)).TakeLast(1)
            .Select(e => new PointEvidence(details.Ticket.Reporter, e.At, $"reported, cancelled as invalid by {e.Actor}{Quoted(e.Comment)}"));

    internal static string Quoted(string? comment) => string.IsNullOrWhiteSpace(comment) ? "" : $": {comment}";
}

/// <summary>A grid worker's report was closed (结案): the problem they found was solved.</summary>
public sealed class ReportClosedRule : IPointRule
{
    public string Id => PointRuleIds.ReportClosed;

    public int DefaultPoints => 3;

    public IEnumerable<PointEvidence> Find(TicketDetails details) =>
        details.Ticket.Source != TicketSource.GridWorker || details.Ticket.Status != TicketStatus.Closed ? []
        : details.Audit.Where(e => e.Action == nameof(TicketAction.Close)).TakeLast(1)
            .Select(e => new PointEvidence(details.Ticket.Reporter, e.At, $"reported, closed by {e.Actor}"));
}

/// <summary>
/// The case was verified (核查) in time: the verification that led to the closing, taken by or before the closure deadline.
/// Whoever verified earns it if they are a grid worker (operators verify too, and earn nothing).
/// </summary>
public sealed class VerifiedOnTimeRule : IPointRule
{
    public string Id => PointRuleIds.VerifiedOnTime;

    public int DefaultPoints => 2;

    public IEnumerable<PointEvidence> Find(TicketDetails details)
    {
        if (details.Ticket.Status != TicketStatus.Closed
            || details.Audit.LastOrDefault(e => e.Action == nameof(TicketAction.Verify)) is not { } verified)
        {
            return [];
        }

        return details.Ticket.ClosureDueAt is { } due && verified.At > due
            ? []
            : [new PointEvidence(verified.Actor, verified.At, $"verified on time (due {details.Ticket.ClosureDueAt:O})")];
    }
}

/// <summary>
/// A grid worker's report was closed and the resident was satisfied (满意 or 基本满意, as the satisfaction rate counts them) with
/// that closure: the reporter earns it when the evaluation is recorded, in the evaluation's month. Only the latest evaluation
/// of the latest closure counts; one of an earlier closure that was reworked does not.
/// </summary>
public sealed class ClosedSatisfiedRule : IPointRule
{
    public string Id => PointRuleIds.ClosedSatisfied;

    public int DefaultPoints => 2;

    public IEnumerable<PointEvidence> Find(TicketDetails details)
    {
        var ticket = details.Ticket;
        if (ticket.Source != TicketSource.GridWorker || ticket.Status != TicketStatus.Closed || ticket.ClosedAt is not { } closedAt
            || ticket.Evaluations.IsDefaultOrEmpty || ticket.Evaluations[^1] is not { } evaluation || evaluation.At < closedAt
            || evaluation.Satisfaction is not (TicketSatisfaction.Satisfied or TicketSatisfaction.BasicallySatisfied))
        {
            return [];
        }

        return [new PointEvidence(
            ticket.Reporter, evaluation.At, $"reported, closed, evaluated {evaluation.Satisfaction} by {evaluation.Actor} ({evaluation.Channel})", evaluation.At)];
    }
}
