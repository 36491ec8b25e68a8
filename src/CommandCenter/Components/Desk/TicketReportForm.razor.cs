using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Desk;

/// <summary>
/// Reports a work order as the operator takes it in (a hotline call, a grid worker on the phone).
/// The desk grain validates it and reports every problem at once; a report taken is audited under the
/// signed-in operator.
/// </summary>
public sealed partial class TicketReportForm : ComponentBase
{
    private TicketSource _source = TicketSource.Hotline12345;
    private string _category = "";
    private string? _gridId;
    private string? _address;
    private string? _description;
    private string? _reporter;
    private string? _error;
    private bool _busy;
    private ClaimsPrincipal _user = new();

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private TicketCatalog Catalog { get; set; } = default!;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private ConsoleAudit Audit { get; set; } = default!;

    [Inject]
    private UserScopes Scopes { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    /// <summary>Raised with the new ticket's id.</summary>
    [Parameter]
    public EventCallback<string> OnReported { get; set; }

    /// <summary>The reporter is prefilled with the signed-in operator; the grids offered are those in their scope.</summary>
    protected override async Task OnInitializedAsync()
    {
        _category = Catalog.Categories.FirstOrDefault()?.Code ?? "";
        _user = (await Authentication).User;
        _reporter = _user.Identity?.Name;
    }

    private async Task ReportAsync()
    {
        // As POST /api/tickets: an operator reports in their own area; a grid the city lacks is the desk grain's to refuse.
        if (ConsoleFormat.Typed(_gridId) is { } grid && City.FindGrid(grid) is not null && !Scopes.Covers(_user, AreaKeys.Grid(grid)))
        {
            _error = Text["GridOutOfScope", grid, _user.ScopeOf()?.ToString() ?? ""];
            return;
        }

        _busy = true;
        try
        {
            var report = new TicketReport(
                _source,
                _category,
                _description ?? "",
                new TicketLocation(ConsoleFormat.Typed(_gridId), ConsoleFormat.Typed(_address)),
                _reporter ?? "");
            var id = await Grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).ReportAsync(report);
            await Audit.Log.RecordTicketReportAsync(Audit.ActorOf(_user), id, report);
            _error = null;
            _description = null;
            _address = null;
            await OnReported.InvokeAsync(id);
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
}
