using CommandCenter.City.Imports;
using CommandCenter.Geography.Areas;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest;
using Microsoft.Extensions.Options;

namespace CommandCenter.City;

public static class CityExtensions
{
    /// <summary>
    /// The city directory (from <c>city.json</c>), which the grains read as their <see cref="IElevatorPlaces"/>; the watcher
    /// that switches it when the file is replaced, and the admins' city imports.
    /// </summary>
    public static WebApplicationBuilder AddCity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCityDirectory();
        services.AddSingleton<IElevatorPlaces>(provider => provider.GetRequiredService<CityDirectory>());
        services.AddSingleton<CitySwitchSweep>();
        services.AddSingleton<CityFileWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<CityFileWatcher>());
        services.AddSingleton<CityImports>();
        return builder;
    }

    /// <summary>The city file and the directory read from it; the host commands (<c>users</c>) need it too, to check scopes.</summary>
    public static IServiceCollection AddCityDirectory(this IServiceCollection services)
    {
        services.AddOptions<CityOptions>().BindConfiguration(CityOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CityOptions>, CityOptionsValidator>();
        services.AddSingleton(Locate);
        services.AddSingleton(LoadCity);
        return services;
    }

    public static WebApplication MapCity(this WebApplication app)
    {
        // Loaded here, before the host starts, so a broken city.json stops start-up with its precise
        // error rather than failing whichever grain or message first asks for the city.
        app.Services.GetRequiredService<CityDirectory>();
        app.MapCityEndpoints();
        app.MapCityImportEndpoints();
        return app;
    }

    private static CityFileLocation Locate(IServiceProvider services) =>
        services.GetRequiredService<IOptions<CityOptions>>().Value.Path is { } configured
            ? new CityFileLocation(Path.GetFullPath(configured), Configured: true)
            : new CityFileLocation(services.GetRequiredService<IOptions<DataOptions>>().Value.Combine(CityTopologyFile.FileName), Configured: false);

    private static CityDirectory LoadCity(IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CityDirectory).FullName!);
        var (path, configured) = services.GetRequiredService<CityFileLocation>();

        // A configured path must exist; only the default may be absent (a fresh data folder).
        if (!configured && !File.Exists(path))
        {
            logger.LogWarning(
                "No city file at {Path}: running without a city (no area rollups, no parking lots, elevators unplaced). " +
                "Generate one with the simulators' city verb (dotnet CommandCenter.Simulators.dll city --out <data folder>), " +
                "or set City:Path to an existing city file",
                path);
            return CityDirectory.Empty;
        }

        var topology = CityTopologyFile.Load(path);
        var directory = new CityDirectory(topology, CityAreasFile.Load(CityAreasFile.Beside(path), topology));
        var summary = directory.Summary;
        logger.LogInformation(
            "City {Name} loaded from {Path}: {Districts} districts, {Streets} streets, {Communities} communities, {Grids} grids, " +
            "{Elevators} elevators, {Firms} firms, {Lots} parking lots with {Berths} sensed berths; positions resolve with the outlines of {AreasFile}",
            summary.Name, path, summary.Districts, summary.Streets, summary.Communities, summary.Grids,
            summary.Elevators, summary.Firms, summary.Lots, summary.BerthSensors, CityAreasFile.Beside(path));
        return directory;
    }
}
