using CommandCenter.Assessment;
using CommandCenter.Assessment.PropertyFirms;
using CommandCenter.Auth;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The property firms of the signed-in user's area (operators, street and community staff) for a month of the city: stars,
/// credit level, the lines of the score, the months before and each change with its reason. Read once per visit; the
/// month is chosen with a plain form (<c>?month=YYYY-MM</c>).
/// </summary>
public sealed partial class PropertyFirms : ComponentBase
{
    private AssessmentWindow _month = default!;
    private PropertyFirmMonth? _listing;

    [Inject]
    private PropertyFirmRatings Ratings { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "month")]
    private string? Month { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var current = AssessmentWindow.MonthOf(Time.GetUtcNow(), Ratings.Zone);
        _month = AssessmentWindow.TryParseMonth(Month, Ratings.Zone, out var asked) && asked.From <= current.From ? asked : current;
        var user = (await Authentication).User;
        _listing = user.ScopeOf()?.AreaKey is { } area ? await Ratings.ForMonthAsync(_month, area, CancellationToken.None) : null;
    }

    private static string Stars(int stars) => new string('★', stars) + new string('☆', 5 - stars);

    private string Line(RatingLine line) => line.Criterion switch
    {
        RatingCriteria.StreetItem => Text["Page.Item", Text[$"Criterion.{line.Criterion}"], line.Points, line.Note ?? "", line.By ?? ""],
        RatingCriteria.Base => Text["Page.Base", Text[$"Criterion.{line.Criterion}"], line.Points],
        _ => Text["Page.Line", Text[$"Criterion.{line.Criterion}"], line.Count, line.Points],
    };
}
