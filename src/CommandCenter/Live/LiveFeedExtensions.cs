namespace CommandCenter.Live;

public static class LiveFeedExtensions
{
    public static WebApplicationBuilder AddLiveFeed(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<LiveFeed>();
        builder.Services.AddSingleton<LiveObserver>();
        builder.Services.AddHostedService<LiveObserverRegistration>();
        builder.Services.AddSingleton<Elevators.ElevatorQueries>();
        return builder;
    }

    public static WebApplication MapLiveHub(this WebApplication app)
    {
        app.MapHub<LiveHub>(LiveHubContract.Path);
        return app;
    }
}
