using Orleans.Core.Internal;

namespace CommandCenter.Tests.Grains;

public static class Activations
{
    /// <summary>
    /// Deactivates a grain, as a silo loss would: calls after this one reach a new activation, which
    /// starts from what its storage holds and nothing it only kept in memory.
    /// </summary>
    public static async Task DeactivateAsync(IGrain grain) => await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();

    /// <summary>How many activations of the grain the cluster holds, without activating it.</summary>
    public static Task<int> CountAsync(IClusterClient client, IGrain grain) =>
        client.GetGrain<IManagementGrain>(CommandCenter.Grains.Abstractions.GrainKeys.Management).GetGrainActivationCount((GrainReference)grain);
}
