using CommandCenter.Relational;

namespace CommandCenter.Audit.Store;

internal sealed class SqliteAuditStoreFactory() : SqliteDesignTimeFactory<SqliteAuditStore>(options => new(options));

internal sealed class PostgresAuditStoreFactory() : PostgresDesignTimeFactory<PostgresAuditStore>(options => new(options));
