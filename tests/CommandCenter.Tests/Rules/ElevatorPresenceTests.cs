using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Grains;
using Shouldly;

namespace CommandCenter.Tests.Rules;

/// <summary>An elevator goes offline after a configured silence or on its last will, and back online when it reports.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ElevatorPresenceTests(ClusterFixture fixture)
{
    private static int _next;

    private async Task<(string Id, IElevatorGrain Grain)> NewElevatorAsync()
    {
        var id = $"EL-P{Interlocked.Increment(ref _next):D4}";
        var grain = fixture.Client.GetGrain<IElevatorGrain>(id);
        await grain.ApplyStatusAsync(StatusJson.Report(id, 1, 2, fixture.Time.GetUtcNow()));
        return (id, grain);
    }

    [Fact]
    public async Task Silence_LongerThanTheLimit_MarksTheElevatorOfflineUntilItReportsAgain()
    {
        var (id, elevator) = await NewElevatorAsync();
        (await elevator.GetSnapshotAsync())!.Online.ShouldBeTrue();

        fixture.Time.Advance(ClusterFixture.OfflineAfter + TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(async () => !(await elevator.GetSnapshotAsync())!.Online, TimeSpan.FromSeconds(10), "the silence check to mark it offline");
        await elevator.ApplyStatusAsync(StatusJson.Report(id, 2, 3, fixture.Time.GetUtcNow()));
        (await elevator.GetSnapshotAsync())!.Online.ShouldBeTrue();
    }

    [Fact]
    public async Task LastWill_Offline_MarksTheElevatorOfflineAtOnce()
    {
        var (id, elevator) = await NewElevatorAsync();

        await elevator.ApplyPresenceAsync(new PresenceReport(1, id, 0, fixture.Time.GetUtcNow(), PresenceState.Offline));

        (await elevator.GetSnapshotAsync())!.Online.ShouldBeFalse();
    }
}
