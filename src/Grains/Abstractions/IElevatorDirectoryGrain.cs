namespace CommandCenter.Grains.Abstractions;

/// <summary>The ids of every elevator that has reported; keyed by <see cref="GrainKeys.ElevatorDirectory"/>.</summary>
public interface IElevatorDirectoryGrain : IGrainWithIntegerKey
{
    Task AddAsync(string elevatorId);

    Task<IReadOnlyList<string>> GetIdsAsync();
}
