using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Referrals.Store;

/// <summary>
/// One case referred by a 12345 hotline client: its case number there, the work order it became and the caller
/// (kept here and with the ticket; lists mask the phone). Unique per client and case number, which makes a
/// repeated POST answer the same ticket.
/// </summary>
public sealed class Referral
{
    public const int MaxCaseNumberLength = 64;
    public const int MaxClientLength = 256;
    public const int MaxTicketIdLength = 64;
    public const int MaxCallerNameLength = 128;
    public const int MaxCallerPhoneLength = 32;

    public long Id { get; set; }

    /// <summary>The integration client (user name) whose API key posted it.</summary>
    public string Client { get; set; } = "";

    /// <summary>The hotline's own case number (工单编号).</summary>
    public string CaseNumber { get; set; } = "";

    public string TicketId { get; set; } = "";

    public string? CallerName { get; set; }

    public string? CallerPhone { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ReceivedAt { get; set; }
}

/// <summary>A referral the API refused, with the reasons it answered, so an operator sees what the hotline got back.</summary>
public sealed class ReferralRefusal
{
    public const int MaxReasonsLength = 2000;

    public long Id { get; set; }

    public string Client { get; set; } = "";

    /// <summary>The case number when the body carried one.</summary>
    public string? CaseNumber { get; set; }

    /// <summary>The reasons answered, in the deployment's language (zh-CN), one per line.</summary>
    public string Reasons { get; set; } = "";

    /// <summary>UTC.</summary>
    public DateTime RefusedAt { get; set; }
}

/// <summary>Where an integration client's outcome callbacks go, as an admin set it, and the secret they are signed with.</summary>
public sealed class ReferralCallback
{
    public const int MaxUrlLength = 2000;

    /// <summary>The integration client (user name).</summary>
    public string Client { get; set; } = "";

    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key, protected with ASP.NET Core data protection (the same key ring as the sign-in cookies).</summary>
    public string ProtectedSecret { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    /// <summary>The admin who set it last.</summary>
    public string UpdatedBy { get; set; } = "";
}

/// <summary>
/// The 12345 referrals (EF Core). One subclass per engine carries that engine's migrations:
/// <see cref="SqliteReferralStore"/> and <see cref="PostgresReferralStore"/>.
/// </summary>
public abstract class ReferralStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "referrals";

    public DbSet<Referral> Referrals => Set<Referral>();

    public DbSet<ReferralRefusal> Refusals => Set<ReferralRefusal>();

    public DbSet<ReferralCallback> Callbacks => Set<ReferralCallback>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<Referral>(referral =>
        {
            referral.ToTable("Referrals");
            referral.Property(r => r.Client).HasMaxLength(Referral.MaxClientLength);
            referral.Property(r => r.CaseNumber).HasMaxLength(Referral.MaxCaseNumberLength);
            referral.Property(r => r.TicketId).HasMaxLength(Referral.MaxTicketIdLength);
            referral.Property(r => r.CallerName).HasMaxLength(Referral.MaxCallerNameLength);
            referral.Property(r => r.CallerPhone).HasMaxLength(Referral.MaxCallerPhoneLength);
            referral.HasIndex(r => new { r.Client, r.CaseNumber }).IsUnique();
            referral.HasIndex(r => r.TicketId);
        });
        builder.Entity<ReferralRefusal>(refusal =>
        {
            refusal.ToTable("ReferralRefusals");
            refusal.Property(r => r.Client).HasMaxLength(Referral.MaxClientLength);
            refusal.Property(r => r.CaseNumber).HasMaxLength(Referral.MaxCaseNumberLength);
            refusal.Property(r => r.Reasons).HasMaxLength(ReferralRefusal.MaxReasonsLength);
            refusal.HasIndex(r => r.RefusedAt);
        });
        builder.Entity<ReferralCallback>(callback =>
        {
            callback.ToTable("ReferralCallbacks");
            callback.HasKey(c => c.Client);
            callback.Property(c => c.Client).HasMaxLength(Referral.MaxClientLength);
            callback.Property(c => c.Url).HasMaxLength(ReferralCallback.MaxUrlLength);
            callback.Property(c => c.ProtectedSecret).HasMaxLength(1000);
            callback.Property(c => c.UpdatedBy).HasMaxLength(Referral.MaxClientLength);
        });
    }
}

public sealed class SqliteReferralStore(DbContextOptions<SqliteReferralStore> options) : ReferralStore(options);

public sealed class PostgresReferralStore(DbContextOptions<PostgresReferralStore> options) : ReferralStore(options);
