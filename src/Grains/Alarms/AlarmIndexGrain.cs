using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Alarms;

[GenerateSerializer]
public sealed class AlarmIndexState
{
    [Id(0)]
    public Dictionary<string, AlarmSnapshot> Open { get; set; } = [];

    [Id(1)]
    public List<AlarmSnapshot> RecentlyClosed { get; set; } = [];

    /// <summary>Closed alarms the history store could not take yet; tried again until it does.</summary>
    [Id(8)]
    public Dictionary<string, AlarmSnapshot> Unarchived { get; set; } = [];
}

/// <summary>
/// The city's open alarms and a bounded list of recently closed ones (KPIs come from the history store). Open
/// alarms are few (tens at a time), so one grain holds them all. A closing alarm is handed to the
/// history store (<see cref="IElevatorHistory"/>), where it is kept whole; if the store cannot take
/// it, the index keeps it and tries again, so the closing step never fails for the history's sake.
/// </summary>
public sealed class AlarmIndexGrain(
    [PersistentState("alarmIndex", StorageNames.Grains)] IPersistentState<AlarmIndexState> state,
    IElevatorHistory history,
    IOptions<AlarmOptions> options,
    ILogger<AlarmIndexGrain> logger) : Grain, IAlarmIndexGrain
{
    private static readonly TimeSpan ArchiveRetryInterval = TimeSpan.FromSeconds(30);

    private IGrainTimer? _archiveRetry;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ScheduleArchiveRetry();
        return Task.CompletedTask;
    }

    public async Task UpsertAsync(AlarmSnapshot alarm)
    {
        var index = state.State;
        if (alarm.IsOpen)
        {
            index.Open[alarm.Id] = alarm;
        }
        else if (index.Open.Remove(alarm.Id))
        {
            index.RecentlyClosed.Insert(0, alarm);
            if (index.RecentlyClosed.Count > options.Value.RecentClosedKept)
            {
                index.RecentlyClosed.RemoveAt(index.RecentlyClosed.Count - 1);
            }

            index.Unarchived[alarm.Id] = alarm;
            await ArchiveAsync();
        }

        await state.WriteStateAsync();
    }

    /// <summary>Hands the closed alarms not yet kept to the history store; what it cannot take stays for the next try.</summary>
    private async Task ArchiveAsync()
    {
        foreach (var closed in state.State.Unarchived.Values.ToList())
        {
            try
            {
                await history.KeepClosedAlarmAsync(closed);
                state.State.Unarchived.Remove(closed.Id);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Closed alarm {Alarm} could not be kept in the history store yet; {Count} wait, retried every {Interval}",
                    closed.Id, state.State.Unarchived.Count, ArchiveRetryInterval);
                break;
            }
        }

        ScheduleArchiveRetry();
    }

    private void ScheduleArchiveRetry()
    {
        if (state.State.Unarchived.Count == 0)
        {
            _archiveRetry?.Dispose();
            _archiveRetry = null;
        }
        else
        {
            _archiveRetry ??= this.RegisterGrainTimer(RetryArchiveAsync, new GrainTimerCreationOptions(ArchiveRetryInterval, ArchiveRetryInterval));
        }
    }

    private async Task RetryArchiveAsync(CancellationToken cancellationToken)
    {
        var waiting = state.State.Unarchived.Count;
        await ArchiveAsync();
        if (state.State.Unarchived.Count != waiting)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<AlarmSnapshot>> ListAsync(bool openOnly) => Task.FromResult<IReadOnlyList<AlarmSnapshot>>(
        openOnly
            ? [.. state.State.Open.Values.OrderByDescending(a => a.Severity).ThenBy(a => a.OccurredAt)]
            : [.. state.State.Open.Values.OrderByDescending(a => a.OccurredAt), .. state.State.RecentlyClosed]);
}
