using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.Elevators;

public sealed class ElevatorGrain(TimeProvider time) : Grain, IElevatorGrain
{
    private ElevatorSnapshot? _snapshot;

    public Task<bool> ApplyStatusAsync(ElevatorStatusReport report)
    {
        // Devices may reset their sequence on reboot, so ordering is by device time.
        if (_snapshot is { } current && report.Ts < current.Status.Ts)
        {
            return Task.FromResult(false);
        }

        var isFirstReport = _snapshot is null;
        _snapshot = new ElevatorSnapshot(this.GetPrimaryKeyString(), report, time.GetUtcNow());
        GrainFactory.GetGrain<ILiveNotifierGrain>(GrainKeys.LiveNotifier).PublishAsync(_snapshot).Ignore();
        return isFirstReport
            ? RegisterAndAcceptAsync()
            : Task.FromResult(true);
    }

    public Task<ElevatorSnapshot?> GetSnapshotAsync() => Task.FromResult(_snapshot);

    private async Task<bool> RegisterAndAcceptAsync()
    {
        await GrainFactory.GetGrain<IElevatorDirectoryGrain>(GrainKeys.ElevatorDirectory)
            .AddAsync(this.GetPrimaryKeyString());
        return true;
    }
}
