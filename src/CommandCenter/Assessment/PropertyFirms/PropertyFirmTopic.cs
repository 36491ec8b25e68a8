using CommandCenter.Assessment.Months;
using CommandCenter.Assessment.Reports;
using CommandCenter.Grains.Duties;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>Property firms (物业服务企业): the month's score, stars and credit level of the scope's firms, best first.</summary>
public sealed class PropertyFirmTopic(PropertyFirmRatings ratings, IOptions<DutyOptions> duties) : IMonthlyReportTopic
{
    public int Order => 60;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var month = await ratings.ForMonthAsync(AssessmentMonth.Of(context.Month.From, duties.Value.Zone), context.Scope.Key, cancellationToken);
        var rows = month.Firms.Select(f => (IReadOnlyList<object?>)
        [
            f.Name, f.StreetName, f.Compounds, f.Rating.Score, f.Rating.Stars, f.Rating.Credit.ToString(),
        ]).ToList();
        string[] keys = ["PropertyFirm", "Street", "Compounds", "Score", "Stars", "Credit"];
        return new ReportSheet("property-firms", context.Text["Sheet.PropertyFirms"], [.. keys.Select(context.Column)], rows, "Score", rows.Count);
    }
}
