using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Relational;

namespace CommandCenter.Elevators;

public static class ElevatorExtensions
{
    /// <summary>
    /// The elevators' reads (live state, ledgers) and their history store: duty records and closed alarms kept
    /// whole, given to the grains as <see cref="IElevatorHistory"/>.
    /// </summary>
    public static WebApplicationBuilder AddElevators(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ElevatorQueries>();
        builder.Services.AddSingleton<ElevatorLedgers>();
        builder.Services.AddElevatorHistoryStore(builder.Configuration);
        builder.Services.AddSingleton<ElevatorHistory>();
        builder.Services.AddSingleton<IElevatorHistory>(provider => provider.GetRequiredService<ElevatorHistory>());
        return builder;
    }

    /// <summary>The store alone, for the <c>migrate</c> command.</summary>
    public static IServiceCollection AddElevatorHistoryStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRelationalStore<ElevatorHistoryStore, SqliteElevatorHistoryStore, PostgresElevatorHistoryStore>(configuration, ElevatorHistoryStore.Name);
}
