using CommandCenter.Relational;

namespace CommandCenter.Tickets.Store;

internal sealed class SqliteTicketArchiveStoreFactory() : SqliteDesignTimeFactory<SqliteTicketArchiveStore>(options => new(options));

internal sealed class PostgresTicketArchiveStoreFactory() : PostgresDesignTimeFactory<PostgresTicketArchiveStore>(options => new(options));
