using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// Where the elevators' history is kept whole (the host's relational store): every duty record as filed, and
/// every closed alarm with its steps. Grains keep only what today's standings and open alarms need, and write
/// here first; keeping the same record or alarm again changes nothing, so a grain may repeat it after a failure.
/// </summary>
public interface IElevatorHistory
{
    /// <summary>
    /// Keeps a daily check, weekly investigation, monthly scheduling record or maintenance record, with the
    /// required maintenance items it lacks (empty for the other kinds, or when complete).
    /// </summary>
    Task KeepRecordAsync(IWireMessage record, IReadOnlyList<string> missingItems, CancellationToken cancellationToken = default);

    /// <summary>Keeps an alarm that was completed or dismissed, with its dispatches and steps.</summary>
    Task KeepClosedAlarmAsync(AlarmSnapshot alarm, CancellationToken cancellationToken = default);
}
