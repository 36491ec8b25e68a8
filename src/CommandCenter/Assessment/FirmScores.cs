using CommandCenter.Elevators.History;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment;

/// <summary>What a maintenance firm's score is made of, for one month.</summary>
/// <param name="OnTimeMaintenanceShare">Its elevators maintained on time all month (no moment more than the interval after a complete visit).</param>
/// <param name="AlarmsDispatched">Alarms it was dispatched to (it may have been replaced).</param>
/// <param name="AlarmsAnswered">Alarms it answered last; arrival and false alarms count over these.</param>
/// <param name="Faults">Faults (not false alarms) of its elevators; <paramref name="RepeatFaults"/> followed another on the same elevator within the repeat window.</param>
/// <param name="RecordCompleteness">Its maintenance records that listed every required item.</param>
public sealed record FirmScoreParts(
    int Elevators,
    double? OnTimeMaintenanceShare,
    int AlarmsDispatched,
    int AlarmsAnswered,
    double? AverageArrivalMinutes,
    int ArrivalLimitMisses,
    int Faults,
    int RepeatFaults,
    int FalseAlarms,
    double? FalseAlarmShare,
    int MaintenanceVisits,
    double? RecordCompleteness);

/// <summary>The six parts scored 0–100 (null: nothing to measure, left out of the weighted mean).</summary>
public sealed record FirmSubscores(double? OnTimeMaintenance, double? Arrival, double? ArrivalMisses, double? RepeatFaults, double? FalseAlarms, double? RecordCompleteness)
{
    /// <summary>The six parts in the order of <see cref="FirmScoreWeights.All"/>.</summary>
    public IEnumerable<double?> All() => [OnTimeMaintenance, Arrival, ArrivalMisses, RepeatFaults, FalseAlarms, RecordCompleteness];
}

/// <summary>
/// One firm's score for a month, its rank among the city's firms (1 is best; equal scores share a rank), and the trend against
/// the month before. <see cref="Parts"/> and <see cref="Subscores"/> are null where the reader may see the rank only.
/// </summary>
public sealed record FirmScore(
    string FirmId,
    string FirmName,
    double? Score,
    int? Rank,
    double? PreviousScore,
    int? PreviousRank,
    double? Trend,
    FirmScoreParts? Parts,
    FirmSubscores? Subscores)
{
    /// <summary>The same row without the figures behind it: what one firm sees of another.</summary>
    public FirmScore RankOnly() => this with { Score = null, PreviousScore = null, Trend = null, Parts = null, Subscores = null, PreviousRank = null };
}

/// <summary>Every firm of the city for a month, best first.</summary>
public sealed record FirmScoreBoard(string Month, int Firms, IReadOnlyList<FirmScore> Scores);

/// <summary>
/// The maintenance-firm quality score (维保质量评分): a weighted mean of six parts from the elevator history — on-time 15-day
/// maintenance, average arrival, arrival-limit misses, repeat faults, false alarms, record completeness — weighted by
/// <see cref="AssessmentOptions.Weights"/>. docs/assessment.md gives the formula.
/// </summary>
public sealed class FirmScores(CityDirectory city, ElevatorHistory history, IOptions<AssessmentOptions> options, IOptions<DutyOptions> duties, TimeProvider time)
{
    public TimeZoneInfo Zone => duties.Value.Zone;

    /// <summary>Every firm's score for <paramref name="month"/>, ranked, with the month before for the trend.</summary>
    public async Task<FirmScoreBoard> ComputeAsync(AssessmentWindow month, CancellationToken cancellationToken)
    {
        var current = await ScoreAsync(month, cancellationToken);
        var before = (await ScoreAsync(month.Previous(Zone), cancellationToken)).ToDictionary(s => s.FirmId, StringComparer.Ordinal);
        var scores = current.Select(score => before.GetValueOrDefault(score.FirmId) is { } previous
                ? score with { PreviousScore = previous.Score, PreviousRank = previous.Rank, Trend = score.Score - previous.Score is { } trend ? Math.Round(trend, 1) : null }
                : score)
            .ToList();
        return new FirmScoreBoard(month.Label, scores.Count, scores);
    }

    /// <summary>The month's scores and ranks, best first (firms with nothing to score last, unranked).</summary>
    public async Task<IReadOnlyList<FirmScore>> ScoreAsync(AssessmentWindow month, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var interval = duties.Value.MaintenanceInterval;
        var end = Min(month.To, time.GetUtcNow());
        var alarms = await history.ReadAlarmsOccurredAsync(month.From.AddDays(-settings.RepeatFaultDays), month.To, cancellationToken);
        var visits = end > month.From ? (await history.ReadFilingsAsync(month.From - interval, end, cancellationToken)).Visits : [];
        var visitsByElevator = visits.ToLookup(v => v.ElevatorId, StringComparer.Ordinal);
        var faultsByElevator = alarms.Where(a => a.Status != AlarmStatus.FalseAlarm).ToLookup(a => a.ElevatorId, StringComparer.Ordinal);
        var monthAlarms = alarms.Where(a => a.OccurredAt >= month.From).ToList();
        var elevatorsByFirm = city.Topology.Elevators.ToLookup(e => e.MaintenanceFirmId, StringComparer.Ordinal);

        var scores = new List<FirmScore>();
        foreach (var firm in city.Topology.Firms)
        {
            var elevators = elevatorsByFirm[firm.Id].Select(e => e.Id).ToList();
            var onTime = end > month.From && elevators.Count > 0
                ? (double?)elevators.Count(id => MaintainedOnTime(visitsByElevator[id], month.From, end, interval)) / elevators.Count
                : null;
            var monthVisits = elevators.SelectMany(id => visitsByElevator[id]).Where(v => v.FiledAt >= month.From && v.FiledAt < end).ToList();
            var dispatched = monthAlarms.Where(a => a.Dispatches.Any(d => d.FirmId == firm.Id)).ToList();
            var figures = AlarmFigures.Of(dispatched, missed => missed == firm.Id, answered => answered.FirmId == firm.Id);
            var faults = elevators.SelectMany(id => faultsByElevator[id]).Where(a => a.OccurredAt >= month.From).ToList();
            var repeats = faults.Count(fault => faultsByElevator[fault.ElevatorId]
                .Any(other => other.OccurredAt < fault.OccurredAt && other.OccurredAt >= fault.OccurredAt.AddDays(-settings.RepeatFaultDays)));
            var parts = new FirmScoreParts(
                elevators.Count, onTime, dispatched.Count, figures.Alarms, figures.AverageArrivalMinutes, figures.ArrivalLimitMisses,
                faults.Count, repeats, figures.FalseAlarms, figures.FalseAlarmShare, monthVisits.Count,
                monthVisits.Count == 0 ? null : (double)monthVisits.Count(v => v.Complete) / monthVisits.Count);
            var subscores = SubscoresOf(parts, settings);
            scores.Add(new FirmScore(firm.Id, firm.Name, WeightedScore(subscores, settings.Weights), null, null, null, null, parts, subscores));
        }

        var ranked = scores.Where(s => s.Score is not null).OrderByDescending(s => s.Score).ThenBy(s => s.FirmId, StringComparer.Ordinal).ToList();
        var result = new List<FirmScore>(scores.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var rank = i > 0 && ranked[i].Score == ranked[i - 1].Score ? result[i - 1].Rank : i + 1;
            result.Add(ranked[i] with { Rank = rank });
        }

        result.AddRange(scores.Where(s => s.Score is null).OrderBy(s => s.FirmId, StringComparer.Ordinal));
        return result;
    }

    /// <summary>Every moment of [from, end) lies within <paramref name="interval"/> after a complete visit.</summary>
    public static bool MaintainedOnTime(IEnumerable<KeptVisit> visits, DateTimeOffset from, DateTimeOffset end, TimeSpan interval)
    {
        var coveredUntil = from;
        foreach (var visit in visits.Where(v => v.Complete).OrderBy(v => v.FiledAt))
        {
            if (visit.FiledAt > coveredUntil)
            {
                return false;
            }

            coveredUntil = Max(coveredUntil, visit.FiledAt + interval);
        }

        return coveredUntil >= end;
    }

    public static FirmSubscores SubscoresOf(FirmScoreParts parts, AssessmentOptions settings) => new(
        parts.OnTimeMaintenanceShare * 100,
        parts.AverageArrivalMinutes is { } arrival
            ? 100 * Math.Clamp((settings.ArrivalLimitMinutes - arrival) / (settings.ArrivalLimitMinutes - settings.ArrivalTargetMinutes), 0, 1)
            : null,
        parts.AlarmsDispatched == 0 ? null : 100 * (1 - (double)parts.ArrivalLimitMisses / parts.AlarmsDispatched),
        parts.Faults == 0 ? null : 100 * (1 - (double)parts.RepeatFaults / parts.Faults),
        parts.FalseAlarmShare is { } share ? 100 * (1 - share) : null,
        parts.RecordCompleteness * 100);

    /// <summary>The weighted mean of the parts that have something to measure, to one decimal; null when none has.</summary>
    public static double? WeightedScore(FirmSubscores subscores, FirmScoreWeights weights)
    {
        var parts = subscores.All().Zip(weights.All(), (score, weight) => (Score: score, weight.Weight));
        var measured = parts.Where(p => p.Score is not null && p.Weight > 0).ToList();
        var weight = measured.Sum(p => p.Weight);
        return weight == 0 ? null : Math.Round(measured.Sum(p => p.Score!.Value * p.Weight) / weight, 1);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
