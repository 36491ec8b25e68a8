using CommandCenter.Assessment;
using CommandCenter.Auth;
using CommandCenter.Components.Desk;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The operator desk: the work-order list with filters and paging, a ticket's detail with its audit
/// trail and next steps, a form to report a new one, the case KPIs, and the alarms live; all of it in the
/// operator's scope (a district operator: their district).
/// </summary>
public sealed partial class Desk : ConsolePageBase
{
    // Tickets are not pushed live; the list and KPIs are read again this often, and after every step.
    private static readonly TimeSpan ListRefresh = TimeSpan.FromSeconds(15);

    private bool _allowed;
    private string? _listedArea;
    private string? _selected;
    private bool _reporting;
    private bool _takingCall;
    private TicketKpis _kpis = new();
    private MonthComparison _month = MonthComparison.Empty;
    private AssessmentScope? _scope;
    private TicketList? _list;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private MonthKpis MonthKpis { get; set; } = default!;

    [Inject]
    private CityDirectory CityDirectory { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // Checked here as well as by the page's policy: navigation inside a circuit skips the HTTP pipeline.
        var user = (await Authentication).User;
        _allowed = user.IsOperator();
        if (!_allowed)
        {
            return;
        }

        _listedArea = UserScopes.ListedTicketAreaOf(user);
        _scope = AssessmentScope.Of(user, CityDirectory);
        if (RendererInfo.IsInteractive)
        {
            Every(ListRefresh, RefreshAsync);
        }

        await LoadKpisAsync();
    }

    private async Task OnReportedAsync(string id)
    {
        _selected = id;
        _reporting = false;
        await RefreshAsync();
    }

    private async Task RefreshAsync()
    {
        if (_list is not null)
        {
            await _list.RefreshAsync();
        }

        await LoadKpisAsync();
        StateHasChanged();
    }

    /// <summary>What is open and overdue right now, and the month's KPIs beside last month's (read again at most once a minute).</summary>
    private async Task LoadKpisAsync()
    {
        _kpis = await TicketIndex.KpisAsync(Grains, new TicketQuery { Area = _listedArea }, Now);
        if (_scope is not null)
        {
            _month = await MonthKpis.OfAsync(_scope);
        }
    }
}
