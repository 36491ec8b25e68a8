using CommandCenter.Protocol;

namespace CommandCenter.Grains.Abstractions;

/// <summary>One elevator, keyed by its device id.</summary>
public interface IElevatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a validated status report. Returns false when the report is older than the state
    /// already held (a late or replayed message), which then leaves the state unchanged.
    /// </summary>
    Task<bool> ApplyStatusAsync(ElevatorStatusReport report);

    /// <summary>The live state, or null when the elevator has never reported.</summary>
    Task<ElevatorSnapshot?> GetSnapshotAsync();
}
