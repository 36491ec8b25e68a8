using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Live;
using CommandCenter.Grains.Notifications;

namespace CommandCenter.Grains.Alarms;

[GenerateSerializer]
public sealed class AlarmState
{
    [Id(0)]
    public AlarmSnapshot? Alarm { get; set; }
}

/// <summary>
/// One alarm's lifecycle and its arrival limit. The limit is a durable deadline: if the firm has not
/// arrived when it falls due (even if the process was down meanwhile), the next firm is dispatched
/// with a fresh limit and the district is alerted once.
/// </summary>
public sealed class AlarmGrain(
    [PersistentState("alarm", StorageNames.Grains)] IPersistentState<AlarmState> state,
    IOptions<AlarmOptions> options,
    IOptions<AlarmNotificationOptions> notifications,
    IElevatorPlaces firms,
    CityClock time,
    AlarmMetrics metrics,
    LiveChangeBuffer live,
    ILogger<AlarmGrain> logger) : Grain, IAlarmGrain
{
    private AlarmSnapshot Alarm => state.State.Alarm ?? throw new AlarmTransitionException(TextCode.Of(AlarmProblems.NoSuchAlarm, this.GetPrimaryKeyString()));

    public Task<AlarmSnapshot> OpenAsync(ElevatorEventReport raised, AlarmContext context) =>
        OpenAsync(raised.DeviceId, raised.Code, raised.Ts, raised.Floor, context, new AlarmStep(AlarmStatus.Occurred, raised.Ts, raised.DeviceId, null));

    public Task<AlarmSnapshot> OpenReportedAsync(string elevatorId, string code, AlarmContext context, AlarmCaller caller, string operatorName)
    {
        // The operator who took the call is the step's actor; the caller's name and number stay on the alarm, not in its steps.
        var now = time.GetUtcNow();
        return OpenAsync(elevatorId, code, now, floor: null, context, new AlarmStep(AlarmStatus.Occurred, now, operatorName, caller.Note), caller);
    }

    private async Task<AlarmSnapshot> OpenAsync(
        string elevatorId, string code, DateTimeOffset occurredAt, int? floor, AlarmContext context, AlarmStep opened, AlarmCaller? caller = null)
    {
        using var step = StepTracing.StartAlarmStep("alarm.open", this.GetPrimaryKeyString());
        if (state.State.Alarm is { } existing)
        {
            // A retried open: the first attempt may have failed after saving, so its follow-ups are repeated (all idempotent).
            await PropagateAsync(existing);
            return existing;
        }

        var now = time.GetUtcNow();
        DateTimeOffset? arrivalDue = options.Value.ArrivalLimitCodes.Contains(code) ? now + ArrivalLimit(context.Urban) : null;

        var alarm = new AlarmSnapshot(
            this.GetPrimaryKeyString(),
            elevatorId,
            code,
            FaultCodes.All.GetValueOrDefault(code, "fault"),
            SeverityOf(code),
            AlarmStatus.Occurred,
            occurredAt,
            floor,
            context.GridId,
            context.DistrictId,
            [AlarmDispatch.For(context.FirmId, now, arrivalDue, TextCode.Of(AlarmDispatchReasons.FirmOfElevator))],
            [opened],
            null,
            false,
            null,
            caller is null ? AlarmSource.Device : AlarmSource.Phone,
            caller);
        await SaveAsync(alarm);
        return alarm;
    }

    public async Task<AlarmSnapshot> ActAsync(AlarmAction action, string actor, string? comment)
    {
        using var step = StepTracing.StartAlarmStep("alarm.act", this.GetPrimaryKeyString());
        step?.SetTag("commandcenter.alarm.action", action.ToString());
        if (comment is { Length: > TextLimits.MaxCommentLength })
        {
            throw new AlarmStepInputException(TextCode.Of(
                AlarmProblems.CommentTooLong, comment.Length.ToString(CultureInfo.InvariantCulture), TextLimits.MaxCommentLength.ToString(CultureInfo.InvariantCulture)));
        }

        var alarm = Alarm;
        var next = (action, alarm.Status) switch
        {
            (AlarmAction.Respond, AlarmStatus.Occurred) => AlarmStatus.Responded,
            // A firm the alarm was handed to after another missed its arrival limit answers for itself.
            (AlarmAction.Respond, AlarmStatus.Responded) when RespondedBeforeTheNewestDispatch(alarm) => AlarmStatus.Responded,
            (AlarmAction.Arrive, AlarmStatus.Occurred or AlarmStatus.Responded) => AlarmStatus.Arrived,
            (AlarmAction.Complete, AlarmStatus.Arrived) => AlarmStatus.Completed,
            (AlarmAction.FalseAlarm, AlarmStatus.Occurred or AlarmStatus.Responded or AlarmStatus.Arrived) => AlarmStatus.FalseAlarm,
            _ => throw new AlarmTransitionException(TextCode.Of(
                AlarmProblems.Transition, KebabCase.Of(action), alarm.Id, KebabCase.Of(alarm.Status), string.Join(", ", AllowedActions(alarm).Select(KebabCase.Of)))),
        };

        var updated = alarm with
        {
            Status = next,
            Steps = [.. alarm.Steps, new AlarmStep(next, time.GetUtcNow(), actor, comment)],
        };
        await SaveAsync(updated);
        return updated;
    }

    public async Task DeviceClearedAsync(DateTimeOffset at)
    {
        if (state.State.Alarm is { DeviceClearedAt: null } alarm)
        {
            await SaveAsync(alarm with { DeviceClearedAt = at });
        }
    }

    public Task<AlarmSnapshot?> GetAsync() => Task.FromResult(state.State.Alarm);

    public async Task<AlarmSnapshot> AcknowledgeOnWallsAsync(string areaKey, string actor, string? screen)
    {
        var alarm = Alarm;
        if (alarm.Acknowledgements.Any(a => a.AreaKey == areaKey))
        {
            return alarm;
        }

        var updated = alarm with { WallAcknowledgements = [.. alarm.Acknowledgements, new AlarmWallAcknowledgement(areaKey, actor, screen, time.GetUtcNow())] };
        await SaveAsync(updated);
        return updated;
    }

    public async Task AlertDistrictAsync()
    {
        // From storage: after a failed write this activation's memory may hold a change that never happened.
        await state.ReadStateAsync();
        if (state.State.Alarm is { IsOpen: true, EscalatedToDistrict: false } alarm)
        {
            logger.LogWarning("Alarm {Alarm} ({Code}) of {Elevator}: nobody responded; alerted district {District}", alarm.Id, alarm.Code, alarm.ElevatorId, alarm.DistrictId);
            await SaveAsync(alarm with { EscalatedToDistrict = true });
        }
    }

    public async Task OnDeadlineAsync()
    {
        using var step = StepTracing.StartAlarmStep("alarm.deadline", this.GetPrimaryKeyString());
        if (state.State.Alarm is not { } alarm || alarm.ArrivalDueAt is not { } due || time.GetUtcNow() < due)
        {
            await ScheduleDeadlineAsync(state.State.Alarm);
            return;
        }

        // The dispatched firm missed its arrival limit: hand over to the nearest other firm and alert the district.
        var now = time.GetUtcNow();
        var tried = alarm.Dispatches.Select(d => d.FirmId).ToHashSet();
        var urban = firms.ContextOf(alarm.ElevatorId)?.Urban ?? true;
        // With every firm tried, the last one keeps the job under a new limit; the district is already alerted.
        var nextFirm = firms.FirmsByProximity(alarm.ElevatorId, tried).FirstOrDefault() ?? alarm.FirmId!;
        var missed = alarm.Dispatches[^1];
        var followUp = alarm.FollowUpTicketId ?? await OpenFollowUpAsync(alarm, missed);
        var updated = alarm with
        {
            Dispatches =
            [
                .. alarm.Dispatches,
                AlarmDispatch.For(nextFirm, now, now + ArrivalLimit(urban), TextCode.Of(
                    AlarmDispatchReasons.ArrivalMissed, missed.FirmId, missed.ArrivalDueAt?.ToString("O", CultureInfo.InvariantCulture) ?? "")),
            ],
            EscalatedToDistrict = true,
            FollowUpTicketId = followUp,
        };
        logger.LogWarning(
            "Alarm {Alarm} ({Code}) of {Elevator}: firm {Missed} missed the arrival limit; dispatched {Next} and alerted district {District}",
            alarm.Id, alarm.Code, alarm.ElevatorId, missed.FirmId, nextFirm, alarm.DistrictId);
        await SaveAsync(updated);
        metrics.ArrivalLimitMissed(handedOver: nextFirm != missed.FirmId);
    }

    /// <summary>The district's work order for a missed arrival: it supervises the case from here on.</summary>
    private Task<string?> OpenFollowUpAsync(AlarmSnapshot alarm, AlarmDispatch missed)
    {
        var why = $"{alarm.Description} at {alarm.ElevatorId}: firm {missed.FirmId} did not arrive by {missed.ArrivalDueAt:O} (alarm {alarm.Id})";
        var report = new TicketReport(
            TicketSource.DeviceAlarm, TicketCategoryCodes.ElevatorTrappedFollowUp, why, new TicketLocation(alarm.GridId, ElevatorId: alarm.ElevatorId), alarm.ElevatorId);
        var district = alarm.DistrictId is { } d ? new TicketArea(TicketAreaLevel.District, d) : TicketArea.City;
        // Keyed by the alarm: a retry after a crash before the alarm saved the id finds the order it opened.
        return Tickets.WorkOrderFiling.OpenAsync(GrainFactory, $"alarm-follow-up/{alarm.Id}", report, district, why, logger);
    }

    private async Task SaveAsync(AlarmSnapshot alarm)
    {
        state.State.Alarm = alarm;
        await state.WriteOrStartOverAsync(this);
        await PropagateAsync(alarm);
    }

    /// <summary>
    /// The consoles and walls see the saved alarm at once; the deadline, the people to reach, the city's alarm list and
    /// the elevator follow, each with its own storage write, which the push does not wait for. The push comes after the
    /// alarm's own write, so it never shows an alarm that was not kept; the caller (ingest's PUBACK, a console's step)
    /// still waits for everything.
    /// </summary>
    private async Task PropagateAsync(AlarmSnapshot alarm)
    {
        live.PublishAlarm(alarm);
        await ScheduleDeadlineAsync(alarm);
        if (notifications.Value.Codes.Contains(alarm.Code))
        {
            // Only codes that reach people: a minor fault activates no notification grain.
            await GrainFactory.GetGrain<IAlarmNotificationGrain>(alarm.Id).OnAlarmChangedAsync(alarm);
        }

        await GrainFactory.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).UpsertAsync(alarm);
        await GrainFactory.GetGrain<IElevatorGrain>(alarm.ElevatorId).OnAlarmChangedAsync(alarm);
    }

    private Task ScheduleDeadlineAsync(AlarmSnapshot? alarm) =>
        alarm?.ArrivalDueAt is { } due
            ? Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), due)
            : Deadlines.CancelAsync(GrainFactory, this.GetGrainId());

    private TimeSpan ArrivalLimit(bool urban) => urban ? options.Value.UrbanArrivalLimit : options.Value.RuralArrivalLimit;

    private AlarmSeverity SeverityOf(string code) =>
        options.Value.CriticalCodes.Contains(code) ? AlarmSeverity.Critical
        : options.Value.MajorCodes.Contains(code) ? AlarmSeverity.Major
        : AlarmSeverity.Minor;

    private static bool RespondedBeforeTheNewestDispatch(AlarmSnapshot alarm) =>
        alarm.Steps.LastOrDefault(s => s.Status == AlarmStatus.Responded) is { } responded && responded.At < alarm.Dispatches[^1].At;

    private static IEnumerable<AlarmAction> AllowedActions(AlarmSnapshot alarm) => alarm.Status switch
    {
        AlarmStatus.Occurred => [AlarmAction.Respond, AlarmAction.Arrive, AlarmAction.FalseAlarm],
        AlarmStatus.Responded when RespondedBeforeTheNewestDispatch(alarm) => [AlarmAction.Respond, AlarmAction.Arrive, AlarmAction.FalseAlarm],
        AlarmStatus.Responded => [AlarmAction.Arrive, AlarmAction.FalseAlarm],
        AlarmStatus.Arrived => [AlarmAction.Complete, AlarmAction.FalseAlarm],
        _ => [],
    };
}
