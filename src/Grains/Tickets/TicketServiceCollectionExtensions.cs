using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Tickets;

public static class TicketServiceCollectionExtensions
{
    /// <summary>
    /// The services ticket grains need: validated <see cref="TicketOptions"/> with defaults for empty
    /// lists, the catalog, the rules and the <see cref="CityClock"/> they read time from. They also need the <c>CityDirectory</c> singleton for the
    /// administrative tree; binding the options to configuration is the host's part.
    /// </summary>
    public static IServiceCollection AddTicketRules(this IServiceCollection services)
    {
        services.AddOptions<TicketOptions>().PostConfigure(TicketDefaults.Apply);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TicketOptions>, TicketOptionsValidator>());
        services.TryAddSingleton<TicketCatalog>();
        services.TryAddSingleton<TicketRules>();
        services.AddCityClock();
        return services;
    }
}
