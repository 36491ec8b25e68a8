using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Desk;

/// <summary>
/// Work orders in the operator's scope, newest first, filtered by area, category, supervision level and
/// overdue, a page at a time: a district operator's list and area filter hold their district only.
/// </summary>
public sealed partial class TicketList : ComponentBase
{
    private const int PageSize = 15;

    // Grids are too many for a list (4,121 in Yinchuan); a grid's tickets show under its community.
    private static readonly AreaLevel[] ListedLevels = [AreaLevel.City, AreaLevel.District, AreaLevel.Street, AreaLevel.Community];

    private TicketPage _page = new(0, []);
    private int _pageIndex;
    private string _area = "";
    private string _category = "";
    private string _level = "";
    private bool _overdueOnly;
    private string _source = "";
    private IReadOnlyList<(TicketSource Source, int Count)> _bySource = [];
    private DateTimeOffset _now;
    private ClaimsPrincipal _user = new();

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private TicketCatalog Catalog { get; set; } = default!;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private UserScopes Scopes { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Parameter]
    public string? SelectedId { get; set; }

    [Parameter]
    public EventCallback<string> OnSelect { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    /// <summary>The operator's part of the tree down to communities, each under its parent.</summary>
    private IEnumerable<AreaInfo> Areas => Flatten(City.FindArea(_user.ScopeOf()?.AreaKey ?? AreaKeys.City));

    /// <summary>Reads the current page again, e.g. after a ticket changed.</summary>
    public async Task RefreshAsync()
    {
        _now = Time.GetUtcNow();
        var query = new TicketQuery
        {
            // The filter's value comes from the browser: an area outside the scope lists the scope instead.
            Area = _area is not "" && Scopes.Covers(_user, _area) ? _area : UserScopes.ListedTicketAreaOf(_user),
            Category = _category is "" ? null : _category,
            Level = Enum.TryParse<SupervisionLevel>(_level, out var level) ? level : null,
            Overdue = _overdueOnly ? true : null,
            Source = Enum.TryParse<TicketSource>(_source, out var source) ? source : null,
            Skip = _pageIndex * PageSize,
            Take = PageSize,
        };
        _page = await TicketIndex.QueryAsync(Grains, query, _now);
        // Where the cases came from (信息采集渠道), under every filter but the source: one count per channel.
        var counts = await Task.WhenAll(Enum.GetValues<TicketSource>().Select(async channel =>
            (channel, (await TicketIndex.QueryAsync(Grains, query with { Source = channel, Skip = 0, Take = 0 }, _now)).Total)));
        _bySource = counts;
        StateHasChanged();
    }

    protected override async Task OnInitializedAsync()
    {
        _user = (await Authentication).User;
        await RefreshAsync();
    }

    private Task FirstPageAsync() => GoToAsync(0);

    private Task GoToAsync(int pageIndex)
    {
        _pageIndex = Math.Max(0, pageIndex);
        return RefreshAsync();
    }

    private IEnumerable<AreaInfo> Flatten(AreaInfo? area)
    {
        if (area is null || !ListedLevels.Contains(area.Level))
        {
            yield break;
        }

        yield return area;
        foreach (var child in area.ChildKeys.SelectMany(key => Flatten(City.FindArea(key))))
        {
            yield return child;
        }
    }
}
