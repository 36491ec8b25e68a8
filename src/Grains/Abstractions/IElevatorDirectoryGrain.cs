namespace CommandCenter.Grains.Abstractions;

/// <summary>The ids of every elevator that has reported; keyed by <see cref="GrainKeys.ElevatorDirectory"/>.</summary>
public interface IElevatorDirectoryGrain : IGrainWithIntegerKey
{
    Task AddAsync(string elevatorId);

    /// <summary>Takes off an elevator a city import retired: live lists no longer show it (its ledger and history stay readable).</summary>
    Task RemoveAsync(string elevatorId);

    Task<IReadOnlyList<string>> GetIdsAsync();
}
