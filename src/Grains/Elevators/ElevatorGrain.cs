using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Areas;
using CommandCenter.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Live;
using Orleans.Placement;

namespace CommandCenter.Grains.Elevators;

[GenerateSerializer]
public sealed class ElevatorState
{
    /// <summary>Open alarms by fault code (at most one each).</summary>
    [Id(0)]
    public Dictionary<string, AlarmSnapshot> OpenAlarms { get; set; } = [];

    [Id(1)]
    public string? HazardStop { get; set; }

    /// <summary>The elevator directory has confirmed it lists this elevator (it has reported at least once).</summary>
    [Id(2)]
    public bool Listed { get; set; }
}

/// <summary>
/// One elevator. Live status is kept in memory (the time series holds its history); open alarms and
/// a hazard stop are durable. Reports its contribution to its grid's rollup whenever it changes and
/// again every <see cref="AreaOptions.RefreshInterval"/>, so a grid that lost it (its silo failed) is
/// whole again within that interval, as areas are for their parents.
/// </summary>
/// <remarks>
/// Activated on the silo that first calls it: nearly always the ingest of the silo whose broker the device reports
/// through (its "online" presence), so with <c>Orleans:BrokerPerSilo</c> every later status stays on that silo instead
/// of crossing to a random one. An elevator first woken elsewhere (a console, an alarm's follow-up) stays where it was
/// woken until it is deactivated; a single silo places everything locally anyway.
/// </remarks>
[PreferLocalPlacement]
public sealed class ElevatorGrain(
    [PersistentState("elevator", StorageNames.Grains)] IPersistentState<ElevatorState> state,
    IElevatorPlaces city,
    IOptions<ElevatorOptions> options,
    IOptions<AreaOptions> areaOptions,
    CityClock time,
    LiveChangeBuffer live,
    ILogger<ElevatorGrain> logger) : Grain, IElevatorGrain
{
    private ElevatorStatusReport? _status;
    private EscalatorStatusReport? _escalator;
    private DateTimeOffset _receivedAt;
    private bool _online;
    /// <summary>What the grid last took from this elevator; null when it holds nothing of it (never reported, or left).</summary>
    private GridContribution? _reported;
    private Task _pendingWrite = Task.CompletedTask;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var check = options.Value.OfflineAfter / 2;
        this.RegisterGrainTimer(MarkOfflineIfSilentAsync, new GrainTimerCreationOptions(check, check) { Interleave = true });
        var refresh = areaOptions.Value.RefreshInterval;
        this.RegisterGrainTimer(_ => RefreshAreaAsync(), new GrainTimerCreationOptions(refresh, refresh));
        if (state.State.Listed)
        {
            await AnnounceAsync();
        }

        if (Contributes)
        {
            await ReportToAreaAsync();
        }
    }

    public Task<bool> ApplyStatusAsync(ElevatorStatusReport report) => ApplyReportAsync(report, () => (_status, _escalator) = (report, null));

    public Task<bool> ApplyEscalatorStatusAsync(EscalatorStatusReport report) => ApplyReportAsync(report, () => (_status, _escalator) = (null, report));

    private bool HasReported => _status is not null || _escalator is not null;

    private async Task<bool> ApplyReportAsync(IWireMessage report, Action keep)
    {
        // Devices may reset their sequence on reboot, so ordering is by device time.
        if ((_status?.Ts ?? _escalator?.Ts) is { } current && report.Ts < current)
        {
            return false;
        }

        keep();
        _receivedAt = time.GetUtcNow();
        _online = true;
        if (!state.State.Listed)
        {
            // Until the directory has it stored, every report tries again (a failed add is retried with the report).
            await GrainFactory.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory).AddAsync(Id);
            state.State.Listed = true;
            await WriteStateInTurnAsync();
        }

        await PublishAsync();
        return true;
    }

    public async Task ApplyEventAsync(ElevatorEventReport report)
    {
        state.State.OpenAlarms.TryGetValue(report.Code, out var open);
        if (report.State == EventState.Cleared)
        {
            if (open is not null)
            {
                await GrainFactory.GetGrain<IAlarmGrain>(open.Id).DeviceClearedAsync(report.Ts);
            }

            return;
        }

        if (open is null)
        {
            await NewAlarm(report.Code, report.Ts).OpenAsync(report, AlarmContext);
        }
    }

    public async Task<PhoneReportResult> ReportByPhoneAsync(string code, AlarmCaller caller, string operatorName)
    {
        if (state.State.OpenAlarms.TryGetValue(code, out var open))
        {
            return new PhoneReportResult(open, Opened: false);
        }

        return new PhoneReportResult(await NewAlarm(code, time.GetUtcNow()).OpenReportedAsync(Id, code, AlarmContext, caller, operatorName), Opened: true);
    }

    /// <summary>Where the elevator stands and who maintains it; an elevator the city file lacks still gets its alarm.</summary>
    private AlarmContext AlarmContext => city.ContextOf(Id) ?? new AlarmContext(null, null, Urban: true, FirmId: "unassigned");

    /// <summary>The alarm of one fault of this elevator, keyed by the moment it occurred (see <see cref="IAlarmGrain"/>).</summary>
    private IAlarmGrain NewAlarm(string code, DateTimeOffset occurredAt) =>
        GrainFactory.GetGrain<IAlarmGrain>($"{Id}/{code}/{occurredAt.UtcDateTime:yyyyMMddHHmmss}");

    public async Task ApplyPresenceAsync(PresenceReport report)
    {
        var online = report.State == PresenceState.Online;
        if (online != _online && (online || HasReported))
        {
            _online = online;
            await PublishAsync();
        }
    }

    public async Task OnAlarmChangedAsync(AlarmSnapshot alarm)
    {
        var changed = alarm.IsOpen
            ? !state.State.OpenAlarms.TryGetValue(alarm.Code, out var known) || known != alarm
            : state.State.OpenAlarms.Remove(alarm.Code);
        if (alarm.IsOpen)
        {
            state.State.OpenAlarms[alarm.Code] = alarm;
        }

        if (changed)
        {
            // The alarm itself went to the consoles from its own grain when it was saved; this is the elevator's picture.
            await WriteStateInTurnAsync();
            await PublishAsync();
        }
    }

    public async Task SetHazardStopAsync(string? reason)
    {
        if (state.State.HazardStop != reason)
        {
            state.State.HazardStop = reason;
            await WriteStateInTurnAsync();
            await PublishAsync();
        }
    }

    public Task<ElevatorSnapshot?> GetSnapshotAsync() => Task.FromResult(Snapshot());

    public async Task LeaveGridAsync(string formerGridId)
    {
        await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(formerGridId)).ReportAsync(Id, AreaStats.Empty);
        _reported = null;
        if (city.ContextOf(Id) is not null)
        {
            if (Contributes)
            {
                await ReportToAreaAsync();
            }

            return;
        }

        // Retired: off the live lists, and its last status forgotten with this activation (its device is refused from now on).
        await GrainFactory.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory).RemoveAsync(Id);
        if (state.State.Listed)
        {
            state.State.Listed = false;
            await WriteStateInTurnAsync();
        }

        this.DeactivateOnIdle();
    }

    /// <summary>
    /// Alarm callbacks interleave with other calls, so two writes could overlap and the second would
    /// fail its ETag check; each write waits for the one before it.
    /// </summary>
    private Task WriteStateInTurnAsync()
    {
        _pendingWrite = WriteAfterAsync(_pendingWrite);
        return _pendingWrite;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        try
        {
            await previous;
        }
        catch (Exception)
        {
            // The earlier caller saw its own failure; this write carries the newest state anyway.
        }

        await state.WriteStateAsync();
    }

    /// <summary>
    /// Said again on every activation: the directory is durable, but one restored from an older backup
    /// (or otherwise short of entries) is completed by elevators as they wake. A failure must not keep
    /// the elevator from working, so it is logged and tried again at the next activation.
    /// </summary>
    private async Task AnnounceAsync()
    {
        try
        {
            await GrainFactory.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory).AddAsync(Id);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Elevator {Elevator} could not announce itself to the elevator directory", Id);
        }
    }

    private ElevatorSnapshot? Snapshot() => HasReported
        ? new ElevatorSnapshot(Id, _status, _receivedAt, _online, [.. state.State.OpenAlarms.Values], state.State.HazardStop, _escalator)
        : null;

    private async Task MarkOfflineIfSilentAsync(CancellationToken cancellationToken)
    {
        if (_online && HasReported && time.GetUtcNow() - _receivedAt > options.Value.OfflineAfter)
        {
            _online = false;
            await PublishAsync();
        }
    }

    private Task PublishAsync()
    {
        if (Snapshot() is { } snapshot)
        {
            live.Publish(snapshot);
        }

        return ReportToAreaAsync();
    }

    /// <summary>An elevator counts in its grid once it has reported, or while it has an open alarm or a hazard stop.</summary>
    private bool Contributes => HasReported || state.State.OpenAlarms.Count > 0 || state.State.HazardStop is not null;

    private Task RefreshAreaAsync() => Contributes ? ReportToAreaAsync(evenIfUnchanged: true) : Task.CompletedTask;

    /// <summary>Reports to the grid only when the contribution changed, so a moving car costs nothing upstream.</summary>
    private async Task ReportToAreaAsync(bool evenIfUnchanged = false)
    {
        if (city.ContextOf(Id)?.GridId is not { } grid)
        {
            return;
        }

        // Compared as eight numbers before any rollup entry is built: a status that changes nothing upstream (most of
        // them) allocates nothing here.
        var alarms = state.State.OpenAlarms.Values;
        var contribution = new GridContribution(
            Running: _online && (_status?.Running ?? _escalator?.Running) == true,
            Offline: !_online,
            OutOfService: state.State.HazardStop is not null || _status?.Mode == ServiceMode.OutOfService,
            Faulted: alarms.Count > 0,
            Critical: alarms.Count == 0 ? 0 : alarms.Count(a => a.Severity == AlarmSeverity.Critical),
            Major: alarms.Count == 0 ? 0 : alarms.Count(a => a.Severity == AlarmSeverity.Major),
            Minor: alarms.Count == 0 ? 0 : alarms.Count(a => a.Severity == AlarmSeverity.Minor),
            SlaBreached: alarms.Count == 0 ? 0 : alarms.Count(a => a.ArrivalLimitMissed));
        if (evenIfUnchanged || contribution != _reported)
        {
            // Remembered only once delivered, so a failed report is sent again at the next change or refresh.
            await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(grid)).ReportAsync(Id, contribution.ToStats());
            _reported = contribution;
        }
    }
}

/// <summary>What one elevator adds to its grid's rollup, as plain numbers to compare cheaply.</summary>
internal readonly record struct GridContribution(bool Running, bool Offline, bool OutOfService, bool Faulted, int Critical, int Major, int Minor, int SlaBreached)
{
    public AreaStats ToStats() => AreaStats.Of(
        (AreaMetrics.Elevators, 1),
        (AreaMetrics.ElevatorsRunning, Running ? 1 : 0),
        (AreaMetrics.ElevatorsOffline, Offline ? 1 : 0),
        (AreaMetrics.ElevatorsOutOfService, OutOfService ? 1 : 0),
        (AreaMetrics.ElevatorsFaulted, Faulted ? 1 : 0),
        (AreaMetrics.AlarmsCritical, Critical),
        (AreaMetrics.AlarmsMajor, Major),
        (AreaMetrics.AlarmsMinor, Minor),
        (AreaMetrics.AlarmsSlaBreached, SlaBreached));
}
