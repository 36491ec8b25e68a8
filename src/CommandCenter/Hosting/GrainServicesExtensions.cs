using CommandCenter.Grains;
using CommandCenter.Grains.Scheduling;

namespace CommandCenter.Hosting;

public static class GrainServicesExtensions
{
    /// <summary>The grains' own wiring (<see cref="GrainServiceCollectionExtensions.AddCommandCenterGrains"/>), with the deadline sweeper running on its timer.</summary>
    public static WebApplicationBuilder AddGrainServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddCommandCenterGrains();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<DeadlineSweeper>());
        return builder;
    }
}
