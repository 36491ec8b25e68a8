using CommandCenter.Relational;

namespace CommandCenter.Notifications.Store;

internal sealed class SqliteNotificationStoreFactory() : SqliteDesignTimeFactory<SqliteNotificationStore>(options => new(options));

internal sealed class PostgresNotificationStoreFactory() : PostgresDesignTimeFactory<PostgresNotificationStore>(options => new(options));
