using CommandCenter.Elevators.History;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>How many days of each month each elevator's daily check (日管控) was filed, from the elevators' history.</summary>
public interface IDailyCheckTally
{
    /// <summary>Per elevator and month (<c>YYYY-MM</c>), the number of distinct days with a daily check, for the months from <paramref name="firstMonth"/> to <paramref name="lastMonth"/>.</summary>
    Task<IReadOnlyDictionary<(string ElevatorId, string Month), int>> DaysFiledAsync(
        IReadOnlyCollection<string> elevatorIds, string firstMonth, string lastMonth, CancellationToken cancellationToken);
}

/// <summary>The tally as the <c>elevator-history</c> store answers it, in one grouped query.</summary>
public sealed class HistoryDailyCheckTally(IServiceScopeFactory scopes) : IDailyCheckTally
{
    public async Task<IReadOnlyDictionary<(string ElevatorId, string Month), int>> DaysFiledAsync(
        IReadOnlyCollection<string> elevatorIds, string firstMonth, string lastMonth, CancellationToken cancellationToken)
    {
        if (elevatorIds.Count == 0)
        {
            return new Dictionary<(string, string), int>();
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        // Daily periods are local days, yyyy-MM-dd: the month is their first seven characters, and they sort as text.
        var after = lastMonth + "-32";
        var rows = await store.DutyRecords.AsNoTracking()
            .Where(r => r.Kind == DutyRecordKind.Daily && elevatorIds.Contains(r.SubjectId)
                && string.Compare(r.Period, firstMonth) >= 0 && string.Compare(r.Period, after) < 0)
            .Select(r => new { r.SubjectId, r.Period })
            .Distinct()
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.SubjectId, r.Period[..7])).ToDictionary(g => g.Key, g => g.Count());
    }
}
