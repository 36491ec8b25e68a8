using CommandCenter.Assessment.PropertyFirms.Store;
using CommandCenter.Auth;
using CommandCenter.Relational;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.PropertyFirms;

public static class PropertyFirmExtensions
{
    /// <summary>Who reads property firms' ratings: operators, street and community staff (each in their area).</summary>
    public const string Readers = "PropertyFirmReaders";

    /// <summary>Who adds a street's assessment items: street staff, for the firms of their street.</summary>
    public const string StreetAssessors = "PropertyFirmStreetAssessors";

    /// <summary>
    /// Property firms assessed by their streets: the scoring options (checked at start), the streets' items store, the
    /// monthly ratings over the ticket index, the two policies.
    /// </summary>
    public static WebApplicationBuilder AddPropertyFirms(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PropertyFirmOptions>().BindConfiguration(PropertyFirmOptions.Section).PostConfigure(PropertyFirmOptions.ApplyDefaults).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PropertyFirmOptions>, PropertyFirmOptionsValidator>();
        services.AddPropertyFirmStore(builder.Configuration);
        services.AddSingleton<IAreaCases, TicketIndexAreaCases>();
        services.AddSingleton<IDailyCheckTally, HistoryDailyCheckTally>();
        services.AddSingleton<PropertyFirmRatings>();
        services.AddReportTopic<PropertyFirmTopic>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Readers, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community))
            .AddPolicy(StreetAssessors, policy => policy.RequireRole(Roles.Street));
        return builder;
    }

    /// <summary>The store alone, for the <c>migrate</c> command.</summary>
    public static IServiceCollection AddPropertyFirmStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRelationalStore<PropertyFirmStore, SqlitePropertyFirmStore, PostgresPropertyFirmStore>(configuration, PropertyFirmStore.Name);

    public static WebApplication MapPropertyFirms(this WebApplication app) => app.MapPropertyFirmEndpoints();
}
