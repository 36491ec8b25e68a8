using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using CommandCenter.Localization;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Desk;

/// <summary>
/// One work order: its facts, its audit trail, and a button per step the ticket allows now (it says
/// which). A step is taken as the signed-in operator and audited; a refused step shows the ticket's own
/// reason and changes nothing. A district operator sees and acts on their district's tickets only: the
/// same checks as the API (<see cref="UserScopes"/>, <see cref="TicketPermissions"/>), since the desk
/// reaches the grains directly.
/// </summary>
public sealed partial class TicketDetail : ComponentBase
{
    private const int MaxComment = TextLimits.MaxCommentLength;

    private static readonly TicketAreaLevel[] DispatchLevels =
        [TicketAreaLevel.Grid, TicketAreaLevel.Community, TicketAreaLevel.Street, TicketAreaLevel.District, TicketAreaLevel.Department];

    private TicketDetails? _details;
    private string? _loadedId;
    private bool _missing;
    private string? _comment;
    private TicketAreaLevel _targetLevel = TicketAreaLevel.Grid;
    private string? _targetId;
    private string? _assignee;
    private string? _error;
    private bool _busy;
    private TicketSatisfaction _satisfaction = TicketSatisfaction.Satisfied;
    private bool _rework;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private TicketCatalog Catalog { get; set; } = default!;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private ConsoleAudit Audit { get; set; } = default!;

    [Inject]
    private UserScopes Scopes { get; set; } = default!;

    [Inject]
    private TicketEvaluations Evaluations { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Parameter]
    public string? TicketId { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    /// <summary>Raised after a step succeeded, so the list can show the new status.</summary>
    [Parameter]
    public EventCallback OnChanged { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (TicketId == _loadedId)
        {
            return;
        }

        _loadedId = TicketId;
        _error = null;
        _comment = null;
        _details = TicketId is null ? null : await Grains.GetGrain<ITicketGrain>(TicketId).GetAsync();
        _missing = TicketId is not null && _details is null;
        var user = (await Authentication).User;
        if (_details is not null && !Scopes.Sees(user, _details.Ticket))
        {
            _details = null;
            _error = OutOfScope(TicketId!, user);
        }
    }

    private async Task ActAsync(TicketAction action)
    {
        if (_details is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var user = (await Authentication).User;
            var grain = Grains.GetGrain<ITicketGrain>(_details.Ticket.Id);
            // Checked on the ticket as it is now, as the API does: it may have been dispatched since the page showed it.
            if (await grain.GetAsync() is { } current && TicketPermissions.ProblemOf(user, action, current.Ticket, Scopes, TicketMessages) is { } problem)
            {
                _error = Scopes.Sees(user, current.Ticket) ? Text["StepRefused", problem] : OutOfScope(current.Ticket.Id, user);
                return;
            }

            var actor = user.Identity?.Name ?? "";
            var command = action == TicketAction.Dispatch
                ? new TicketCommand(actor, ConsoleFormat.Typed(_comment), new TicketArea(_targetLevel, ConsoleFormat.Typed(_targetId) ?? ""), ConsoleFormat.Typed(_assignee))
                : new TicketCommand(actor, ConsoleFormat.Typed(_comment));
            _details = await grain.ActAsync(action, command);
            await Audit.Log.RecordTicketStepAsync(Audit.ActorOf(user), action, command, _details);
            _error = null;
            _comment = null;
            await OnChanged.InvokeAsync();
        }
        catch (TicketException ex)
        {
            _error = TicketMessages.Refusal(ex);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>协办: the unit chosen in the dispatch fields assists the lead the case is dispatched to.</summary>
    private Task AssistAsync() => TakeAsync(async (id, user) =>
    {
        var unit = new TicketArea(_targetLevel, ConsoleFormat.Typed(_targetId) ?? "");
        var (acted, refusal) = await TicketCoHandlingEndpoints.TakeAsync(
            id, TicketCoStep.Assist, new TicketCoBody([unit], null, ConsoleFormat.Typed(_comment)), Grains, user, Scopes, Audit.Log, Audit.ActorOf(user), TicketMessages);
        _targetId = acted is null ? _targetId : null;
        return (acted, refusal?.ProblemDetails.Detail);
    });

    /// <summary>回访 by phone: the operator takes down the citizen's satisfaction; an unsatisfied one may reopen the case.</summary>
    private Task EvaluateAsync() => TakeAsync(async (id, user) =>
    {
        var result = await Evaluations.EvaluateAsync(
            user, Audit.ActorOf(user), id, new TicketEvaluationBody(KebabCase.Of(_satisfaction), ConsoleFormat.Typed(_comment), _rework));
        _rework = result.Ticket is null && _rework;
        return (result.Ticket, string.Join(" ", result.Problems));
    });

    /// <summary>A step beside the workflow's buttons as the signed-in operator: the ticket after it, or why it was refused.</summary>
    private async Task TakeAsync(Func<string, ClaimsPrincipal, Task<(TicketDetails? Ticket, string? Problem)>> step)
    {
        if (_details is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var (ticket, problem) = await step(_details.Ticket.Id, (await Authentication).User);
            if (ticket is null)
            {
                _error = problem;
                return;
            }

            _details = ticket;
            _error = null;
            _comment = null;
            await OnChanged.InvokeAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private string OutOfScope(string ticketId, ClaimsPrincipal user) => Text["TicketOutOfScope", ticketId, user.ScopeOf()?.ToString() ?? ""];

    private IEnumerable<(string Id, string Name)> TargetsOf(TicketAreaLevel level) =>
        level switch
        {
            TicketAreaLevel.Grid => AreasAt(AreaLevel.Grid),
            TicketAreaLevel.Community => AreasAt(AreaLevel.Community),
            TicketAreaLevel.Street => AreasAt(AreaLevel.Street),
            TicketAreaLevel.District => AreasAt(AreaLevel.District),
            TicketAreaLevel.Department => City.Departments.Select(d => (d.Id, d.Name)),
            _ => [],
        };

    private IEnumerable<(string Id, string Name)> AreasAt(AreaLevel level) =>
        City.Areas.Where(a => a.Level == level).Select(a => (a.Id, a.Name));

    private string Time(DateTimeOffset at) => ConsoleFormat.Time(at, Clock.GetUtcNow(), Zone);

    /// <summary>A trail entry's action in the page's language: the report, a workflow step, or the supervision level reached.</summary>
    private string ActionName(string action) =>
        action == TicketRules.ReportAction ? Text["Report"]
        : action == TicketRules.EvaluateAction ? Text["Evaluate"]
        : action == TicketRules.ReopenAction ? Text["Reopen"]
        : Enum.TryParse<TicketCoStep>(action, out var co) ? Text[$"TicketCoStep.{co}"]
        : Enum.TryParse<TicketAction>(action, out var step) ? Text.Name(step)
        : Enum.GetValues<SupervisionLevel>().Where(level => TicketRules.SupervisionAction(level) == action).Select(level => Text.Name(level)).FirstOrDefault() ?? action;

    private string Location(TicketLocation location) =>
        string.Join(" · ", new[]
        {
            location.GridId is { } grid ? City.FindGrid(grid)?.Grid.Name is { } name ? $"{name} ({grid})" : grid : null,
            location.Address,
            location.Latitude is { } lat && location.Longitude is { } lon ? $"{lat:F5}, {lon:F5}" : null,
        }.Where(part => part is not null));
}
