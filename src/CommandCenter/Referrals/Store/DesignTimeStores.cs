using CommandCenter.Relational;

namespace CommandCenter.Referrals.Store;

internal sealed class SqliteReferralStoreFactory() : SqliteDesignTimeFactory<SqliteReferralStore>(options => new(options));

internal sealed class PostgresReferralStoreFactory() : PostgresDesignTimeFactory<PostgresReferralStore>(options => new(options));
