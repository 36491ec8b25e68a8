using System.Collections.Immutable;
using System.Text.Json;

namespace CommandCenter.Grains.Abstractions;

/// <summary>Where a work order came from (信息采集渠道).</summary>
public enum TicketSource
{
    GridWorker,
    DeviceAlarm,
    InspectionHazard,
    Hotline12345,
    Open311,
}

/// <summary>
/// Case status per CJ/T 315: reported → filed (立案) or cancelled → dispatched (派遣, the clock
/// starts) → in progress (处置) → feedback (反馈) → verified (核查) → closed (结案).
/// </summary>
public enum TicketStatus
{
    Reported,
    Filed,
    Cancelled,
    Dispatched,
    InProgress,
    Feedback,
    Verified,
    Closed,
}

/// <summary>What a person can do to a work order; each is one POST in the REST API.</summary>
public enum TicketAction
{
    File,
    Cancel,
    Dispatch,
    Start,
    Feedback,
    Verify,
    Close,

    /// <summary>Back from feedback or verified to dispatched for rework (回退/返工).</summary>
    SendBack,

    /// <summary>
    /// The unit it was dispatched to sends it back to the command center as not theirs (退回, a wrong dispatch), with a
    /// reason, before accepting it: it is filed again and waits for a new dispatch. Counted in <see cref="TicketSummary.Returns"/>.
    /// </summary>
    Return,
}

/// <summary>A resident's satisfaction with a closed case (回访).</summary>
public enum TicketSatisfaction
{
    Satisfied,
    BasicallySatisfied,
    Unsatisfied,
}

/// <summary>Whose evaluation it is: the reporter's own, or a citizen's taken down by an operator on the phone.</summary>
public enum TicketEvaluationChannel
{
    Reporter,
    Phone,
}

/// <summary>
/// Overdue supervision (督办): yellow card at the deadline, red card when overdue by half the limit
/// more, urgent when overdue by the whole limit more. Each level escalates one area up.
/// </summary>
public enum SupervisionLevel
{
    Normal,
    Yellow,
    Red,
    Urgent,
}

/// <summary>Levels a work order can be dispatched to or escalated to.</summary>
public enum TicketAreaLevel
{
    Grid,
    Community,
    Street,
    District,
    City,

    /// <summary>A functional department (城管, 住建, 市场监管…); it escalates straight to the city.</summary>
    Department,
}

/// <summary>Components (部件) are city assets; events (事件) are things that happen (GB/T 30428).</summary>
public enum TicketCategoryKind
{
    Component,
    Event,
}

/// <summary>An area of the administrative tree or a department; <see cref="Key"/> is its rollup grain key.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketArea([property: Id(0)] TicketAreaLevel Level, [property: Id(1)] string Id)
{
    private const string DepartmentPrefix = "department/";

    public static readonly TicketArea City = new(TicketAreaLevel.City, AreaKeys.City);

    /// <summary><c>grid/G-0001</c>, <c>community/…</c>, <c>street/…</c>, <c>district/…</c>, <c>city</c> or <c>department/…</c>.</summary>
    public string Key => Level switch
    {
        TicketAreaLevel.Grid => AreaKeys.Grid(Id),
        TicketAreaLevel.Community => AreaKeys.Community(Id),
        TicketAreaLevel.Street => AreaKeys.Street(Id),
        TicketAreaLevel.District => AreaKeys.District(Id),
        TicketAreaLevel.City => AreaKeys.City,
        _ => DepartmentPrefix + Id,
    };

    /// <summary>Reads a <see cref="Key"/> back.</summary>
    public static bool TryParse(string? key, out TicketArea area)
    {
        area = City;
        if (key == AreaKeys.City)
        {
            return true;
        }

        var slash = key?.IndexOf('/') ?? -1;
        if (slash <= 0 || slash == key!.Length - 1 || !KebabCase.TryParse(key[..slash], out TicketAreaLevel level) || level == TicketAreaLevel.City)
        {
            return false;
        }

        area = new TicketArea(level, key[(slash + 1)..]);
        return true;
    }

    public override string ToString() => Key;
}

/// <summary>
/// Where the problem is: a grid when known (grid workers, devices), else an address and/or WGS-84 coordinates. A
/// report's coordinates are resolved to their grid when it is taken in, and the grid's community, street and district
/// are kept with it (<see cref="CommunityId"/>, <see cref="StreetId"/>, <see cref="DistrictId"/>; null when the grid is not known).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketLocation(
    [property: Id(0)] string? GridId = null,
    [property: Id(1)] string? Address = null,
    [property: Id(2)] double? Latitude = null,
    [property: Id(3)] double? Longitude = null,
    [property: Id(4)] string? ElevatorId = null,
    [property: Id(5)] string? CommunityId = null,
    [property: Id(6)] string? StreetId = null,
    [property: Id(7)] string? DistrictId = null);

/// <summary>A new work order as reported by a person, a device rule or an Open311 app.</summary>
/// <param name="Category">A configured category code, e.g. <see cref="TicketCategoryCodes.ElevatorHazardSerious"/>.</param>
/// <param name="Reporter">Who reported it: a grid worker's name, a device id, a caller.</param>
/// <param name="Contact">Optional phone or e-mail; kept with the ticket, never listed.</param>
[GenerateSerializer, Immutable]
public sealed record TicketReport(
    [property: Id(0)] TicketSource Source,
    [property: Id(1)] string Category,
    [property: Id(2)] string Description,
    [property: Id(3)] TicketLocation Location,
    [property: Id(4)] string Reporter,
    [property: Id(5)] string? Contact = null);

/// <summary>One step of the workflow: who does it, why, and for a dispatch where to.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketCommand(
    [property: Id(0)] string Actor,
    [property: Id(1)] string? Comment = null,
    [property: Id(2)] TicketArea? Target = null,
    [property: Id(3)] string? Assignee = null);

/// <summary>
/// One line of a ticket's audit trail. <see cref="Action"/> is a <see cref="TicketAction"/> name, <c>Report</c>, or <c>YellowCard</c>,
/// <c>RedCard</c>, <c>Urgent</c> when supervision escalates. <see cref="Comment"/> is what a person wrote; what the system notes is
/// <see cref="Notice"/> (see <see cref="TicketNotices"/>), rendered in the reader's language, and entries saved before notices had codes
/// keep their English <see cref="Comment"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketAuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] TicketStatus? From,
    [property: Id(4)] TicketStatus To,
    [property: Id(5)] string? Comment,
    [property: Id(6)] string? Area = null,
    [property: Id(7)] TextCode? Notice = null);

/// <summary>
/// A work order as listed: everything but the audit trail and the reporter's contact. Due times
/// are computed on the working calendar when the step that starts them happens and never move.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketSummary
{
    [Id(0)] public string Id { get; init; } = "";

    /// <summary>Grows with every change, so an index keeps only the newest copy.</summary>
    [Id(1)] public int Version { get; init; }

    [Id(2)] public TicketSource Source { get; init; }

    [Id(3)] public string Category { get; init; } = "";

    [Id(4)] public string Description { get; init; } = "";

    [Id(5)] public TicketLocation Location { get; init; } = new();

    [Id(6)] public string Reporter { get; init; } = "";

    [Id(7)] public TicketStatus Status { get; init; }

    /// <summary>The supervision level: current while disposal is pending, the highest reached afterwards.</summary>
    [Id(8)] public SupervisionLevel Level { get; init; }

    [Id(9)] public DateTimeOffset ReportedAt { get; init; }

    [Id(10)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Filing or cancelling is on time up to here (the category's filing limit).</summary>
    [Id(11)] public DateTimeOffset FilingDueAt { get; init; }

    /// <summary>When it was filed or cancelled.</summary>
    [Id(12)] public DateTimeOffset? DecidedAt { get; init; }

    [Id(13)] public DateTimeOffset? DispatchDueAt { get; init; }

    [Id(14)] public DateTimeOffset? DispatchedAt { get; init; }

    [Id(15)] public TicketArea? Target { get; init; }

    [Id(16)] public string? Assignee { get; init; }

    /// <summary>The disposal deadline (yellow card): the category limit on the working calendar from dispatch.</summary>
    [Id(17)] public DateTimeOffset? DeadlineAt { get; init; }

    [Id(18)] public DateTimeOffset? RedCardAt { get; init; }

    [Id(19)] public DateTimeOffset? UrgentAt { get; init; }

    /// <summary>Closing is on time up to here: the deadline plus the closure limit for verification.</summary>
    [Id(20)] public DateTimeOffset? ClosureDueAt { get; init; }

    /// <summary>The latest feedback; cleared when sent back for rework.</summary>
    [Id(21)] public DateTimeOffset? FeedbackAt { get; init; }

    [Id(22)] public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Who answers for it now: the target, or the area it was escalated to.</summary>
    [Id(23)] public TicketArea? Responsible { get; init; }

    /// <summary>
    /// The area the ticket belongs to (its target, or before dispatch its grid or the city) and its
    /// ancestors up to the city; escalation walks this path and the area filter matches any of it.
    /// </summary>
    [Id(24)] public ImmutableArray<TicketArea> AreaPath { get; init; } = [TicketArea.City];

    [Id(25)] public int ReworkCount { get; init; }

    /// <summary>The comment of the latest step.</summary>
    [Id(26)] public string? StatusNotes { get; init; }

    /// <summary>The category's time limit when it was dispatched, e.g. <c>2wh</c>.</summary>
    [Id(27)] public string? TimeLimit { get; init; }

    /// <summary>
    /// Where it happened: its grid and the areas above it up to the city (the city alone without a grid).
    /// Dispatch moves <see cref="AreaPath"/> to the target but never this, so the grid, community, street and
    /// district of the case keep it in their lists while it is handled elsewhere. Empty on tickets stored
    /// before it existed, which then match by <see cref="AreaPath"/> only.
    /// </summary>
    [Id(28)] public ImmutableArray<TicketArea> PlacePath { get; init; } = [];

    /// <summary>The photos attached to it, numbered from 1 in the order attached: references only, the bytes are in the photo store.</summary>
    [Id(29)] public ImmutableArray<TicketPhoto> PhotoRecords { get; init; } = [];

    /// <summary>Every dispatch the unit sent back as not theirs (退回), oldest first: the wrong dispatches of the accurate-dispatch rate.</summary>
    [Id(30)] public ImmutableArray<TicketReturn> Returns { get; init; } = [];

    /// <summary>Every evaluation after a closure (回访), oldest first; an unsatisfied one may have reopened it as rework.</summary>
    [Id(31)] public ImmutableArray<TicketEvaluation> Evaluations { get; init; } = [];

    /// <summary>
    /// Assisting units of co-handling (协办), each with its own status; the dispatched <see cref="Target"/> is the lead unit, and
    /// the case closes when the lead's disposal is verified and closed, whatever the assisting units' status.
    /// </summary>
    [Id(32)] public ImmutableArray<TicketAssist> Assists { get; init; } = [];

    /// <summary>Departments a street summoned to the case (街乡吹哨) and when each reported in (部门报到).</summary>
    [Id(33)] public ImmutableArray<TicketSummons> Summons { get; init; } = [];

    /// <summary>The unit is the lead, an assisting unit or a summoned department of the case.</summary>
    public bool Involves(string unitKey) =>
        Target?.Key == unitKey || Assists.Any(assist => assist.Unit.Key == unitKey) || Summons.Any(summons => summons.Department.Key == unitKey);

    /// <summary>Every area and unit key the ticket is listed under, as <see cref="TicketQuery.Area"/> matches them.</summary>
    public IEnumerable<string> ListedUnder() =>
        AreaPath.Concat(PlacePath).Append(Target).Concat(Assists.Select(assist => assist.Unit)).Concat(Summons.Select(summons => summons.Department))
            .OfType<TicketArea>().Select(area => area.Key).Distinct(StringComparer.Ordinal);

    public bool IsOpen() => Status is not (TicketStatus.Closed or TicketStatus.Cancelled);

    /// <summary>When it was closed or cancelled; null while it is open.</summary>
    public DateTimeOffset? FinishedAt() => Status switch
    {
        TicketStatus.Closed => ClosedAt,
        TicketStatus.Cancelled => DecidedAt,
        _ => null,
    };

    /// <summary>Dispatched and not yet fed back: its disposal clock is running.</summary>
    public bool IsPendingDisposal() => Status is TicketStatus.Dispatched or TicketStatus.InProgress;

    public bool IsOverdue(DateTimeOffset now) => IsPendingDisposal() && DeadlineAt <= now;
}

/// <summary>A ticket with its full audit trail and what can be done to it next.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketDetails(
    [property: Id(0)] TicketSummary Ticket,
    [property: Id(1)] ImmutableArray<TicketAuditEntry> Audit,
    [property: Id(2)] ImmutableArray<TicketAction> AllowedActions)
{
    /// <summary>Root-relative links to the ticket's photos (<c>/api/tickets/{id}/photos/{n}</c>), in the order attached.</summary>
    public ImmutableArray<string> Photos => [.. Ticket.PhotoRecords.Select(photo => TicketPhoto.LinkOf(Ticket.Id, photo.Number))];
}

/// <summary>Where an assisting unit of co-handling (协办) stands.</summary>
public enum TicketAssistStatus
{
    Assigned,
    Accepted,
    FedBack,
}

/// <summary>An assisting unit of co-handling: who added it and when, and its own acceptance and feedback.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketAssist(
    [property: Id(0)] TicketArea Unit,
    [property: Id(1)] TicketAssistStatus Status,
    [property: Id(2)] string AssignedBy,
    [property: Id(3)] DateTimeOffset AssignedAt,
    [property: Id(4)] DateTimeOffset? AcceptedAt = null,
    [property: Id(5)] DateTimeOffset? FedBackAt = null,
    [property: Id(6)] string? Feedback = null,
    [property: Id(7)] string? Actor = null);

/// <summary>
/// A department summoned by a street's whistle (吹哨): who whistled, when and why; who of the department reported in (报到),
/// when, and what they said. Report-in time is <see cref="ReportedInAt"/> − <see cref="WhistledAt"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketSummons(
    [property: Id(0)] TicketArea Department,
    [property: Id(1)] string WhistledBy,
    [property: Id(2)] DateTimeOffset WhistledAt,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? ReportedInBy = null,
    [property: Id(5)] DateTimeOffset? ReportedInAt = null,
    [property: Id(6)] string? Comment = null);

/// <summary>The steps of co-handling and of the whistle, besides the lead unit's workflow.</summary>
public enum TicketCoStep
{
    /// <summary>An operator adds assisting units (<see cref="TicketCoCommand.Units"/>) to a dispatched case.</summary>
    Assist,

    /// <summary>The assisting unit (<see cref="TicketCoCommand.Units"/>, one) accepts its part.</summary>
    AssistAccept,

    /// <summary>The assisting unit feeds back its part (a comment is required).</summary>
    AssistFeedback,

    /// <summary>A street summons departments (<see cref="TicketCoCommand.Units"/>) to the case, with the reason.</summary>
    Whistle,

    /// <summary>A summoned department (one) reports in.</summary>
    ReportIn,
}

/// <summary>One co-handling or whistle step: who takes it, the units it names, and the comment.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketCoCommand(
    [property: Id(0)] string Actor,
    [property: Id(1)] TicketCoStep Step,
    [property: Id(2)] ImmutableArray<TicketArea> Units,
    [property: Id(3)] string? Comment = null);

/// <summary>A dispatch sent back as wrong (退回): the unit it was dispatched to, who sent it back, when and why.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketReturn(
    [property: Id(0)] TicketArea Unit,
    [property: Id(1)] string Actor,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string Reason);

/// <summary>
/// One evaluation of a closed case (回访): the satisfaction, the comment, who recorded it through which channel and when,
/// and whether it reopened the case as rework (返工).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketEvaluation(
    [property: Id(0)] TicketSatisfaction Satisfaction,
    [property: Id(1)] string? Comment,
    [property: Id(2)] TicketEvaluationChannel Channel,
    [property: Id(3)] string Actor,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] bool Reopened);

/// <summary>An evaluation as given: who records it, through which channel, and whether an unsatisfied one reopens the case.</summary>
[GenerateSerializer, Immutable]
public sealed record TicketEvaluationCommand(
    [property: Id(0)] string Actor,
    [property: Id(1)] TicketSatisfaction Satisfaction,
    [property: Id(2)] string? Comment,
    [property: Id(3)] TicketEvaluationChannel Channel,
    [property: Id(4)] bool Rework = false);

/// <summary>
/// At which step a photo was taken: with the report (上报), with the disposal's feedback (处置反馈), on verification (核查), or
/// with an assisting unit's feedback on its part of a co-handled case (协办反馈).
/// </summary>
public enum TicketPhotoStep
{
    Report,
    Feedback,
    Verification,
    AssistFeedback,
}

/// <summary>
/// One photo of a ticket: its number on the ticket, the photo store's id of its bytes, the step, who attached it and when;
/// for an assisting unit's feedback, the <paramref name="Unit"/> whose part it shows.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TicketPhoto(
    [property: Id(0)] int Number,
    [property: Id(1)] string PhotoId,
    [property: Id(2)] TicketPhotoStep Step,
    [property: Id(3)] string Actor,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] TicketArea? Unit = null)
{
    /// <summary>Where the API serves it.</summary>
    public static string LinkOf(string ticketId, int number) => $"/api/tickets/{Uri.EscapeDataString(ticketId)}/photos/{number}";
}

/// <summary>Codes of default categories that other features create tickets in.</summary>
public static class TicketCategoryCodes
{
    public const string ExposedGarbage = "exposed-garbage";
    public const string RoadCleaning = "road-cleaning";
    public const string IllegalConstruction = "illegal-construction";
    public const string ElevatorTrappedFollowUp = "elevator-trapped-follow-up";
    public const string ElevatorHazardSerious = "elevator-hazard-serious";
    public const string ElevatorHazardGeneral = "elevator-hazard-general";
}

/// <summary>Enum names in kebab case as routes spell them (<c>send-back</c>); parsing also takes the plain name (<c>SendBack</c>), never a number.</summary>
public static class KebabCase
{
    public static string Of<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static string Names<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", Enum.GetValues<TEnum>().Select(Of));
}
