using CommandCenter.Assessment.Reports;
using CommandCenter.Grains.City;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>Grid workers (网格员积分): the month's points of the scope's grid workers, most first, with their ranks.</summary>
public sealed class GridWorkerTopic(GridWorkerScores scores, CityDirectory city) : IMonthlyReportTopic
{
    public int Order => 50;

    public async Task<ReportSheet> BuildAsync(MonthlyReportContext context, CancellationToken cancellationToken)
    {
        var month = await scores.ForMonthAsync(context.Month, context.Scope.Key, cancellationToken);
        var rows = month.Workers.Select(w => (IReadOnlyList<object?>)
        [
            w.Worker, city.FindGrid(w.GridId)?.Grid.Name ?? w.GridId, w.Points, w.Awards, w.RankInCommunity, w.RankInStreet, w.RankInDistrict,
        ]).ToList();
        string[] keys = ["GridWorker", "Grid", "Points", "Awards", "RankInCommunity", "RankInStreet", "RankInDistrict"];
        return new ReportSheet("grid-workers", context.Text["Sheet.GridWorkers"], [.. keys.Select(context.Column)], rows, "Points", rows.Count);
    }
}
