using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>One elevator, keyed by its device id: live status, online state, open alarms, hazard stop.</summary>
public interface IElevatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a validated status report. Returns false when the report is older than the state
    /// already held (a late or replayed message), which then leaves the state unchanged.
    /// </summary>
    Task<bool> ApplyStatusAsync(ElevatorStatusReport report);

    /// <summary>The same for an escalator's status report: an escalator is an elevator grain whose status is an escalator's.</summary>
    Task<bool> ApplyEscalatorStatusAsync(EscalatorStatusReport report);

    /// <summary>A fault raised opens an alarm (one per fault code at a time); cleared is noted on it.</summary>
    Task ApplyEventAsync(ElevatorEventReport report);

    /// <summary>
    /// A fault reported by phone (96333) for this elevator: opens an alarm as a device event would, or,
    /// when one of that code is open already, answers it without opening another.
    /// </summary>
    Task<PhoneReportResult> ReportByPhoneAsync(string code, AlarmCaller caller, string operatorName);

    /// <summary>The device's presence changed (an "offline" last will marks it offline at once).</summary>
    Task ApplyPresenceAsync(PresenceReport report);

    /// <summary>
    /// Called by an alarm of this elevator whenever it changes. Interleaves, because the alarm calls
    /// back while the elevator is still waiting for the alarm to open.
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task OnAlarmChangedAsync(AlarmSnapshot alarm);

    /// <summary>Stops the lift for a serious hazard (reason set) or lifts the stop (null).</summary>
    Task SetHazardStopAsync(string? reason);

    /// <summary>The live state, or null when the elevator has never reported its status.</summary>
    Task<ElevatorSnapshot?> GetSnapshotAsync();

    /// <summary>
    /// An imported city moved this elevator to another grid or retired it: it withdraws its contribution from
    /// <paramref name="formerGridId"/>'s rollup and reports to the grid the city now places it in (none when retired).
    /// </summary>
    Task LeaveGridAsync(string formerGridId);
}

/// <summary>The alarm a phone report opened, or the open one of the same code it joined.</summary>
[GenerateSerializer, Immutable]
public sealed record PhoneReportResult([property: Id(0)] AlarmSnapshot Alarm, [property: Id(1)] bool Opened);
