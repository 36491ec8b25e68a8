using CommandCenter.Wall;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

public static class LiveFeedExtensions
{
    public static WebApplicationBuilder AddLiveFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveHubRevalidation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LiveHubRevalidation>());
        builder.Services.AddSignalR().AddHubOptions<LiveHub>(options => options.AddFilter<LiveHubRevalidation>());
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddOptions<LiveHubOptions>().BindConfiguration(LiveHubOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<AreaScope>();
        builder.Services.AddSingleton<LiveWire>();
        builder.Services.AddSingleton<LiveMetrics>();
        builder.Services.AddSingleton<LiveObserver>();
        builder.Services.AddHostedService<LiveObserverRegistration>();
        // The wall screens are the live feed's main readers; their shared snapshot comes with it.
        builder.AddWallData();
        return builder;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.MapHub<LiveHub>(LiveHubNames.Path);
        return app;
    }
}
