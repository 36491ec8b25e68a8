using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Notifications;

[GenerateSerializer]
public sealed class AlarmNotificationState
{
    /// <summary>The alarm as last saved; null until an alarm with a notified code arrives.</summary>
    [Id(0)]
    public AlarmSnapshot? Alarm { get; set; }

    [Id(1)]
    public AlarmNotificationStep NextStep { get; set; }

    /// <summary>When <see cref="NextStep"/> falls due; null when nothing more is.</summary>
    [Id(2)]
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>The index of the alarm's dispatch whose firm is being reached (0: the elevator's own firm).</summary>
    [Id(3)]
    public int Dispatch { get; set; }

    /// <summary>The district's command center was reached; a later firm's escalation ends before it.</summary>
    [Id(4)]
    public bool DistrictReached { get; set; }
}

/// <summary>
/// One alarm's notification and escalation. One activation in the cluster takes each step, so people are
/// reached once however many silos run; the steps are durable deadlines, and the outbox keeps what is to be
/// sent, so neither a restart nor a failing channel loses one. The alarm only waits for this grain's state
/// write: taking a step runs in a call of its own, and a step that cannot be stored is retried by the sweeper.
/// </summary>
public sealed class AlarmNotificationGrain(
    [PersistentState("alarm-notification", StorageNames.Grains)] IPersistentState<AlarmNotificationState> state,
    IOptions<AlarmNotificationOptions> options,
    IAlarmNotificationOutbox outbox,
    CityDirectory city,
    CityClock time,
    ILogger<AlarmNotificationGrain> logger) : Grain, IAlarmNotificationGrain
{
    public async Task OnAlarmChangedAsync(AlarmSnapshot alarm)
    {
        if (!options.Value.Codes.Contains(alarm.Code))
        {
            return;
        }

        var first = state.State.Alarm is null;
        state.State.Alarm = alarm;
        var latest = alarm.Dispatches.Count - 1;
        if (first)
        {
            state.State.Dispatch = Math.Max(latest, 0);
            state.State.NextStep = AlarmNotificationStep.FirstContacts;
            state.State.NextDueAt = time.GetUtcNow();
        }
        else if (latest > state.State.Dispatch && alarm.IsOpen && alarm.Dispatches[latest].FirmId != alarm.Dispatches[state.State.Dispatch].FirmId)
        {
            // Re-dispatched to another firm after a missed arrival limit: its people are reached from the start.
            state.State.Dispatch = latest;
            state.State.NextStep = AlarmNotificationStep.RedispatchedFirm;
            state.State.NextDueAt = time.GetUtcNow();
        }

        if (Answered(alarm, state.State.Dispatch))
        {
            // Someone responded since the firm being reached was dispatched (or it moved on further): nobody more needs to be woken.
            state.State.NextDueAt = null;
        }

        await SaveAndScheduleAsync();
        if (state.State.NextDueAt <= time.GetUtcNow())
        {
            // Not awaited: the alarm's call ends here. Should this fail, the deadline just scheduled retries it.
            this.AsReference<IAlarmNotificationGrain>().OnDeadlineAsync().Ignore();
        }
    }

    public Task<(AlarmNotificationStep Step, DateTimeOffset DueAt)?> GetNextAsync() =>
        Task.FromResult(state.State.NextDueAt is { } due ? (state.State.NextStep, due) : ((AlarmNotificationStep, DateTimeOffset)?)null);

    public async Task OnDeadlineAsync()
    {
        var now = time.GetUtcNow();
        if (state.State is not { Alarm: { } alarm, NextDueAt: { } due } || now < due)
        {
            await ScheduleAsync();
            return;
        }

        var step = state.State.NextStep;
        var dispatch = Math.Clamp(state.State.Dispatch, 0, Math.Max(alarm.Dispatches.Count - 1, 0));
        var people = PeopleAt(alarm, step, dispatch);
        while (people.Count == 0 && step is AlarmNotificationStep.NextContact or AlarmNotificationStep.RedispatchedFirm or AlarmNotificationStep.RedispatchedNextContact)
        {
            // The firm has no (further) contact: on to the next step, in the end the district.
            step = After(step);
            people = PeopleAt(alarm, step, dispatch);
        }

        if (step == AlarmNotificationStep.DistrictCommandCenter && state.State.DistrictReached)
        {
            // A later firm's silence: the district was reached about this alarm already.
            state.State.NextDueAt = null;
            await SaveAndScheduleAsync();
            return;
        }

        var place = city.FindElevator(alarm.ElevatorId);
        await outbox.EnqueueAsync(new AlarmNotice(
            alarm.Id, alarm.ElevatorId, place?.Elevator.Address ?? alarm.ElevatorId, alarm.Code, alarm.Description, alarm.Source,
            alarm.DistrictId, step, people, now, dispatch + 1));
        logger.LogInformation("Alarm {Alarm}: notification step {Step} (dispatch {Dispatch}) queued for {Count} people", alarm.Id, step, dispatch + 1, people.Count);

        if (step == AlarmNotificationStep.DistrictCommandCenter)
        {
            state.State.NextDueAt = null;
            state.State.DistrictReached = true;
            // The district's consoles show the alarm as escalated; not awaited, since the alarm calls back here when it saves.
            GrainFactory.GetGrain<IAlarmGrain>(alarm.Id).AlertDistrictAsync().Ignore();
        }
        else
        {
            state.State.NextStep = After(step);
            state.State.NextDueAt = now + options.Value.EscalateAfter;
        }

        await SaveAndScheduleAsync();
    }

    private static AlarmNotificationStep After(AlarmNotificationStep step) => step switch
    {
        AlarmNotificationStep.FirstContacts => AlarmNotificationStep.NextContact,
        AlarmNotificationStep.RedispatchedFirm => AlarmNotificationStep.RedispatchedNextContact,
        _ => AlarmNotificationStep.DistrictCommandCenter,
    };

    /// <summary>A step other than the opening one was taken since the dispatch (a respond step, an arrival, …), or the alarm is closed.</summary>
    private static bool Answered(AlarmSnapshot alarm, int dispatch) =>
        !alarm.IsOpen
        || (dispatch == 0
            ? alarm.Status != AlarmStatus.Occurred
            : alarm.Steps.Any(s => s.Status != AlarmStatus.Occurred && s.At >= alarm.Dispatches[dispatch].At));

    /// <summary>Who is reached at a step, from the city file as it is now (a contact changed meanwhile is reached at the new number).</summary>
    private List<NotifiedPerson> PeopleAt(AlarmSnapshot alarm, AlarmNotificationStep step, int dispatch)
    {
        var place = city.FindElevator(alarm.ElevatorId);
        var firmId = dispatch < alarm.Dispatches.Count ? alarm.Dispatches[dispatch].FirmId : alarm.FirmId;
        var firm = firmId is not null && firmId != place?.Firm.Id
            ? city.Topology.Firms.FirstOrDefault(f => f.Id == firmId)
            : place?.Firm;
        var onCall = firm?.OnCall ?? [];
        return step switch
        {
            AlarmNotificationStep.FirstContacts =>
            [
                .. onCall.Take(1).Select(c => Person(NotifiedRole.FirmOnCall, c)),
                .. place is null ? [] : new[] { Person(NotifiedRole.SafetyOfficer, place.Elevator.SafetyOfficer) },
            ],
            AlarmNotificationStep.RedispatchedFirm => [.. onCall.Take(1).Select(c => Person(NotifiedRole.FirmOnCall, c))],
            AlarmNotificationStep.NextContact or AlarmNotificationStep.RedispatchedNextContact => [.. onCall.Skip(1).Take(1).Select(c => Person(NotifiedRole.FirmOnCall, c))],
            _ => place?.Place.District.CommandCenter is { } line ? [Person(NotifiedRole.DistrictCommandCenter, line)] : [],
        };
    }

    private static NotifiedPerson Person(NotifiedRole role, Contact contact) => new(role, contact.Name, contact.Phone);

    private async Task SaveAndScheduleAsync()
    {
        await state.WriteOrStartOverAsync(this);
        await ScheduleAsync();
    }

    private Task ScheduleAsync() =>
        state.State.NextDueAt is { } due
            ? Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), due)
            : Deadlines.CancelAsync(GrainFactory, this.GetGrainId());
}
