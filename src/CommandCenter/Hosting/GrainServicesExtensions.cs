using CommandCenter.Grains;
using CommandCenter.Grains.Areas;
using CommandCenter.Grains.Scheduling;

namespace CommandCenter.Hosting;

public static class GrainServicesExtensions
{
    /// <summary>
    /// The grains' own wiring (<see cref="GrainServiceCollectionExtensions.AddCommandCenterGrains"/>), with the
    /// deadline sweeper and the rollup refresher running on their timers.
    /// </summary>
    public static WebApplicationBuilder AddGrainServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddCommandCenterGrains();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DeadlineSweeper>());
        builder.Services.AddHostedService(provider => provider.GetRequiredService<RollupRefresher>());
        return builder;
    }
}
