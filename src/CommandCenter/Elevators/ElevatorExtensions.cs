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
        builder.AddRelationalStore<ElevatorHistoryStore, SqliteElevatorHistoryStore, PostgresElevatorHistoryStore>(ElevatorHistoryStore.Name);
        builder.Services.AddSingleton<ElevatorHistory>();
        builder.Services.AddSingleton<IElevatorHistory>(provider => provider.GetRequiredService<ElevatorHistory>());
        return builder;
    }
}
