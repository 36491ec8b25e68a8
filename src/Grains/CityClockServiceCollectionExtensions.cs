using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CommandCenter.Grains;

public static class CityClockServiceCollectionExtensions
{
    /// <summary>
    /// The <see cref="CityClock"/> over the host's <see cref="TimeProvider"/> (the system clock if none),
    /// unless one is registered already: a test registers its own on fake time before the features.
    /// </summary>
    public static IServiceCollection AddCityClock(this IServiceCollection services)
    {
        services.TryAddSingleton(provider => new CityClock(provider.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
