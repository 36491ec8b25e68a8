using CommandCenter.Grains.City;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Options;

namespace CommandCenter.Wall;

public static class WallExtensions
{
    /// <summary>The wall's data reader, the per-process snapshot all wall screens share, and the pop-ups' acknowledgements, the map's drawing of the city.</summary>
    public static WebApplicationBuilder AddWallData(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WallOptions>().BindConfiguration(WallOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(InfluxCityTrend.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<ICityTrend>(provider => new InfluxCityTrend(
            provider.GetRequiredService<InfluxVersionDetector>(),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(InfluxCityTrend.HttpClientName),
            provider.GetRequiredService<IOptions<InfluxOptions>>()));
        services.AddSingleton<WallDataService>();
        services.AddSingleton<IWallSnapshotSource>(provider => provider.GetRequiredService<WallDataService>());
        services.AddSingleton<WallSnapshotCache>();
        services.AddHostedService(provider => provider.GetRequiredService<WallSnapshotCache>());
        services.AddScoped<IWallAcknowledgements, WallAcknowledgements>();
        // Projected once per city: a page opened after a city import draws the imported city's outlines.
        services.AddSingleton<CityMapGeometrySource>();
        services.AddTransient(provider => provider.GetRequiredService<CityMapGeometrySource>().Current);
        services.AddSingleton<IMapActivity, MapActivity>();
        return builder;
    }
}
