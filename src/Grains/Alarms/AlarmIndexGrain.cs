using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Alarms;

[GenerateSerializer]
public sealed class AlarmIndexState
{
    [Id(0)]
    public Dictionary<string, AlarmSnapshot> Open { get; set; } = [];

    [Id(1)]
    public List<AlarmSnapshot> RecentlyClosed { get; set; } = [];

    [Id(2)]
    public int ClosedTotal { get; set; }

    [Id(3)]
    public int Arrivals { get; set; }

    [Id(4)]
    public double ArrivalMinutesTotal { get; set; }

    [Id(5)]
    public int ArrivalSlaMisses { get; set; }

    [Id(6)]
    public int FalseAlarms { get; set; }

    /// <summary>Alarms already counted as arrived or missed, so a repeated upsert never counts twice.</summary>
    [Id(7)]
    public HashSet<string> Counted { get; set; } = [];
}

/// <summary>
/// The city's open alarms and a bounded list of recently closed ones, with arrival KPIs. Open
/// alarms are few (tens at a time), so one grain holds them all.
/// </summary>
public sealed class AlarmIndexGrain(
    [PersistentState("alarmIndex", StorageNames.Grains)] IPersistentState<AlarmIndexState> state,
    IOptions<AlarmOptions> options) : Grain, IAlarmIndexGrain
{
    public async Task UpsertAsync(AlarmSnapshot alarm)
    {
        var index = state.State;
        CountArrival(index, alarm);
        if (alarm.IsOpen)
        {
            index.Open[alarm.Id] = alarm;
        }
        else if (index.Open.Remove(alarm.Id))
        {
            index.ClosedTotal++;
            index.FalseAlarms += alarm.Status == AlarmStatus.FalseAlarm ? 1 : 0;
            index.RecentlyClosed.Insert(0, alarm);
            if (index.RecentlyClosed.Count > options.Value.RecentClosedKept)
            {
                index.RecentlyClosed.RemoveAt(index.RecentlyClosed.Count - 1);
            }

            index.Counted.Remove(alarm.Id + "/arrived");
            index.Counted.Remove(alarm.Id + "/missed");
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<AlarmSnapshot>> ListAsync(bool openOnly) => Task.FromResult<IReadOnlyList<AlarmSnapshot>>(
        openOnly
            ? [.. state.State.Open.Values.OrderByDescending(a => a.Severity).ThenBy(a => a.OccurredAt)]
            : [.. state.State.Open.Values.OrderByDescending(a => a.OccurredAt), .. state.State.RecentlyClosed]);

    public Task<AlarmKpis> GetKpisAsync()
    {
        var index = state.State;
        return Task.FromResult(new AlarmKpis(
            index.Open.Count,
            index.ClosedTotal,
            index.Arrivals,
            index.Arrivals == 0 ? 0 : index.ArrivalMinutesTotal / index.Arrivals,
            index.ArrivalSlaMisses,
            index.FalseAlarms));
    }

    private static void CountArrival(AlarmIndexState index, AlarmSnapshot alarm)
    {
        if (alarm.Steps.FirstOrDefault(s => s.Status == AlarmStatus.Arrived) is { } arrived && index.Counted.Add(alarm.Id + "/arrived"))
        {
            index.Arrivals++;
            index.ArrivalMinutesTotal += (arrived.At - alarm.OccurredAt).TotalMinutes;
        }

        if (alarm.ArrivalLimitMissed && index.Counted.Add(alarm.Id + "/missed"))
        {
            index.ArrivalSlaMisses++;
        }
    }
}
