using CommandCenter.Relational;

namespace CommandCenter.Elevators.History;

internal sealed class SqliteElevatorHistoryStoreFactory() : SqliteDesignTimeFactory<SqliteElevatorHistoryStore>(options => new(options));

internal sealed class PostgresElevatorHistoryStoreFactory() : PostgresDesignTimeFactory<PostgresElevatorHistoryStore>(options => new(options));
