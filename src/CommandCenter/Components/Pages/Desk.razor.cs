using System.Globalization;
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
    private TicketList? _list;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

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

    private async Task LoadKpisAsync() => _kpis = await TicketIndex.KpisAsync(Grains, new TicketQuery { Area = _listedArea }, Now);

    private static string Percent(double? rate) => rate is { } value ? value.ToString("P1", CultureInfo.InvariantCulture) : "—";
}
