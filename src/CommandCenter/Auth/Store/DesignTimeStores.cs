using CommandCenter.Relational;

namespace CommandCenter.Auth.Store;

internal sealed class SqliteIdentityStoreFactory() : SqliteDesignTimeFactory<SqliteIdentityStore>(options => new(options));

internal sealed class PostgresIdentityStoreFactory() : PostgresDesignTimeFactory<PostgresIdentityStore>(options => new(options));
