using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CommandCenter.Auth.Store;

/// <summary>
/// Users and API keys (Identity's EF Core store). One subclass per engine carries that engine's
/// migrations: <see cref="SqliteIdentityStore"/> and <see cref="PostgresIdentityStore"/>.
/// </summary>
public abstract class IdentityStore(DbContextOptions options) : IdentityDbContext<CommandCenterUser>(options)
{
    public const string Name = "identity";

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<WallPairing> WallPairings => Set<WallPairing>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<CommandCenterUser>(user =>
        {
            user.Property(u => u.Role).HasMaxLength(32);
            user.Property(u => u.Scope).HasMaxLength(256);
            user.Property(u => u.ApiScopes).HasMaxLength(256);
        });
        builder.Entity<ApiKey>(key =>
        {
            key.ToTable("ApiKeys");
            key.Property(k => k.Hash).HasMaxLength(64);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.HasIndex(k => k.Hash).IsUnique();
            key.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<WallPairing>(pairing =>
        {
            pairing.ToTable("WallPairings");
            pairing.Property(p => p.Code).HasMaxLength(8);
            pairing.Property(p => p.SecretHash).HasMaxLength(64);
            pairing.Property(p => p.ScreenName).HasMaxLength(WallPairing.MaxScreenNameLength);
            pairing.Property(p => p.ApprovedBy).HasMaxLength(256);
            pairing.HasIndex(p => p.Code).IsUnique();
            // As UTC ticks: SQLite cannot compare DateTimeOffset text, and expiry is a comparison.
            pairing.Property(p => p.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            pairing.Property(p => p.ExpiresAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        });
    }
}

public sealed class SqliteIdentityStore(DbContextOptions<SqliteIdentityStore> options) : IdentityStore(options);

public sealed class PostgresIdentityStore(DbContextOptions<PostgresIdentityStore> options) : IdentityStore(options);
