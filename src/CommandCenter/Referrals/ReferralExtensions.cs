using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications.Channels;
using CommandCenter.Referrals.Store;
using CommandCenter.Relational;
using Microsoft.Extensions.Options;

namespace CommandCenter.Referrals;

public static class ReferralExtensions
{
    /// <summary>
    /// 12345 hotline referrals: their store, the intake, the admins' callback settings, the outcome listener the ticket
    /// grains call, and the callback channel of the notification outbox with its guarded HTTP client.
    /// </summary>
    public static WebApplicationBuilder AddReferrals(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReferralOptions>().BindConfiguration(ReferralOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReferralOptions>, ReferralOptionsValidator>();
        services.AddReferralStore(builder.Configuration);
        services.AddSingleton<CallbackTargets>();
        services.AddHttpClient(CallbackTargets.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<CallbackTargets>().CreateHandler());
        services.AddSingleton<ReferralIntake>();
        services.AddSingleton<ReferralCallbacks>();
        services.AddSingleton<NotificationChannel, ReferralCallbackChannel>();
        services.AddSingleton<ITicketOutcomeListener, ReferralOutcomes>();
        return builder;
    }

    /// <summary>The store alone, for the <c>migrate</c> command.</summary>
    public static IServiceCollection AddReferralStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRelationalStore<ReferralStore, SqliteReferralStore, PostgresReferralStore>(configuration, ReferralStore.Name);

    public static WebApplication MapReferrals(this WebApplication app) => app.MapReferralEndpoints();
}
