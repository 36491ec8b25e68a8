using CommandCenter.Retention;

namespace CommandCenter.Photos;

public static class PhotoExtensions
{
    /// <summary>
    /// Photos on cases: options (validated at start), the processor, the store under the data folder, its retention
    /// sweep (run by the <see cref="RetentionSweeper"/> with every other store's) and the service endpoints and pages use.
    /// </summary>
    public static WebApplicationBuilder AddPhotos(this WebApplicationBuilder builder)
    {
        builder.Services.AddPhotos();
        return builder;
    }

    /// <inheritdoc cref="AddPhotos(WebApplicationBuilder)"/>
    public static IServiceCollection AddPhotos(this IServiceCollection services)
    {
        services.AddOptions<PhotoOptions>().BindConfiguration(PhotoOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PhotoProcessor>();
        services.AddSingleton<PhotoStore>();
        services.AddSingleton<IRetentionSweep, PhotoRetentionSweep>();
        services.AddSingleton<PhotoService>();
        return services;
    }

    /// <summary><c>POST /api/tickets/{id}/photos</c> and <c>GET /api/tickets/{id}/photos/{n}</c>.</summary>
    public static WebApplication MapPhotos(this WebApplication app) => app.MapPhotoEndpoints();
}
