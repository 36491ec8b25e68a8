using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Live;
using CommandCenter.Grains.Storage;
using CommandCenter.TelemetryIngest;
using Orleans.Configuration;

namespace CommandCenter.Hosting;

public static class SiloExtensions
{
    /// <summary>One Orleans silo in this process with localhost clustering.</summary>
    public static WebApplicationBuilder AddCommandCenterSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LiveFeedOptions>().BindConfiguration(LiveFeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // The silo is configured before the container exists, so its ports and the data folder are read from configuration directly.
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var data = builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        builder.UseOrleans(orleans =>
        {
            orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            orleans.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            orleans.AddSqliteGrainStorage(StorageNames.Grains, o => o.DatabasePath = data.Combine("grains.db"));
        });
        return builder;
    }
}
