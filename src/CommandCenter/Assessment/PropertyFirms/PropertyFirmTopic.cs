using CommandCenter.Assessment.Reports;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>Property firms (物业服务企业): the month's score, stars and credit level of the scope's firms, best first.</summary>
public sealed class PropertyFirmTopic(PropertyFirmRatings ratings) : IMonthlyReportTopic
{
    public int Order => 60;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var month = await ratings.ForMonthAsync(context.Month, context.Scope.Key, cancellationToken);
        var rows = month.Firms.Select(f => (IReadOnlyList<object?>)
        [
            f.Name, f.StreetName, f.Compounds, f.Rating.Score, f.Rating.Stars, f.Rating.Credit.ToString(),
        ]).ToList();
        string[] keys = ["PropertyFirm", "Street", "Compounds", "Score", "Stars", "Credit"];
        return new ReportSheet("property-firms", context.Text["Sheet.PropertyFirms"], [.. keys.Select(context.Column)], rows, "Score", rows.Count);
    }
}
