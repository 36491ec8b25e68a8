using CommandCenter.Assessment.GridWorkerPoints.Store;
using CommandCenter.Assessment.PropertyFirms.Store;
using CommandCenter.Audit.Store;
using CommandCenter.Auth.Store;
using CommandCenter.Notifications.Store;
using CommandCenter.Referrals.Store;
using CommandCenter.Tickets.Store;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CommandCenter.Tests.Relational;

/// <summary>Every relational store's model, on both engines, is exactly what its migrations build: a model change without its migration fails here.</summary>
public sealed class RelationalStoreModelTests
{
    private static readonly Dictionary<string, Func<DbContext>> DesignTimeStores = new()
    {
        [nameof(SqliteAuditStore)] = () => new SqliteAuditStoreFactory().CreateDbContext([]),
        [nameof(PostgresAuditStore)] = () => new PostgresAuditStoreFactory().CreateDbContext([]),
        [nameof(SqliteIdentityStore)] = () => new SqliteIdentityStoreFactory().CreateDbContext([]),
        [nameof(PostgresIdentityStore)] = () => new PostgresIdentityStoreFactory().CreateDbContext([]),
        [nameof(SqliteNotificationStore)] = () => new SqliteNotificationStoreFactory().CreateDbContext([]),
        [nameof(PostgresNotificationStore)] = () => new PostgresNotificationStoreFactory().CreateDbContext([]),
        [nameof(SqliteReferralStore)] = () => new SqliteReferralStoreFactory().CreateDbContext([]),
        [nameof(PostgresReferralStore)] = () => new PostgresReferralStoreFactory().CreateDbContext([]),
        [nameof(SqliteTicketArchiveStore)] = () => new SqliteTicketArchiveStoreFactory().CreateDbContext([]),
        [nameof(PostgresTicketArchiveStore)] = () => new PostgresTicketArchiveStoreFactory().CreateDbContext([]),
        [nameof(SqlitePointsStore)] = () => new SqlitePointsStoreFactory().CreateDbContext([]),
        [nameof(PostgresPointsStore)] = () => new PostgresPointsStoreFactory().CreateDbContext([]),
        [nameof(SqlitePropertyFirmStore)] = () => new SqlitePropertyFirmStoreFactory().CreateDbContext([]),
        [nameof(PostgresPropertyFirmStore)] = () => new PostgresPropertyFirmStoreFactory().CreateDbContext([]),
    };

    [Theory]
    [InlineData(nameof(SqliteAuditStore))]
    [InlineData(nameof(PostgresAuditStore))]
    [InlineData(nameof(SqliteIdentityStore))]
    [InlineData(nameof(PostgresIdentityStore))]
    [InlineData(nameof(SqliteNotificationStore))]
    [InlineData(nameof(PostgresNotificationStore))]
    [InlineData(nameof(SqliteReferralStore))]
    [InlineData(nameof(PostgresReferralStore))]
    [InlineData(nameof(SqliteTicketArchiveStore))]
    [InlineData(nameof(PostgresTicketArchiveStore))]
    [InlineData(nameof(SqlitePointsStore))]
    [InlineData(nameof(PostgresPointsStore))]
    [InlineData(nameof(SqlitePropertyFirmStore))]
    [InlineData(nameof(PostgresPropertyFirmStore))]
    public void Model_OfTheStore_HasNoChangesItsMigrationsLack(string store)
    {
        using var context = DesignTimeStores[store]();

        context.Database.HasPendingModelChanges().ShouldBeFalse($"add a migration: dotnet ef migrations add <Name> --context {store} (in src/CommandCenter)");
    }
}
