using Orleans.Core.Internal;

namespace CommandCenter.Tests.Grains;

public static class Activations
{
    /// <summary>
    /// Deactivates a grain, as a silo loss would: calls after this one reach a new activation, which
    /// starts from what its storage holds and nothing it only kept in memory.
    /// </summary>
    public static async Task DeactivateAsync(IGrain grain) => await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
}
