using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Notifications.Store;

public enum DeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,
    Sent,

    /// <summary>Given up after the last attempt allowed.</summary>
    Failed,
}

/// <summary>
/// One message to one recipient over one channel, kept from the moment it is decided until it is sent or
/// given up, with every attempt's count and last result. General: an alarm's notice today, a 12345 hotline
/// callback later (<see cref="Subject"/> names what it is about).
/// </summary>
public sealed class OutboxDelivery
{
    public const int MaxKeyLength = 400;
    public const int MaxSubjectLength = 256;
    public const int MaxChannelLength = 32;
    public const int MaxNameLength = 128;
    public const int MaxPhoneLength = 32;
    public const int MaxResultLength = 500;

    public long Id { get; set; }

    /// <summary>Unique per decision (subject, step, channel, recipient), so deciding again adds nothing.</summary>
    public string Key { get; set; } = "";

    /// <summary>What it is about: <c>alarm/{alarm id}</c>.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The step of the subject's handling that sent it (an alarm's <c>FirstContacts</c>, …).</summary>
    public string Step { get; set; } = "";

    public string Channel { get; set; } = "";

    /// <summary>A person's role and name, or the group a robot posts to.</summary>
    public string? RecipientRole { get; set; }

    public string RecipientName { get; set; } = "";

    /// <summary>The person's phone; empty for a group message.</summary>
    public string RecipientPhone { get; set; } = "";

    /// <summary>The message as JSON (<see cref="NotificationPayload"/>); each channel shapes its own request from it.</summary>
    public string Payload { get; set; } = "";

    /// <summary>UTC, as a <see cref="DateTime"/>, since SQLite compares and orders those but not <see cref="DateTimeOffset"/>.</summary>
    public DateTime CreatedAt { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    /// <summary>When it is tried next; null once sent or given up.</summary>
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>A silo is sending it until then; another takes it over only after (its sender died mid-attempt).</summary>
    public DateTime? LeasedUntil { get; set; }

    public DateTime? LastAttemptAt { get; set; }

    /// <summary>The last attempt's outcome: the HTTP status and what the channel answered, or why it could not be reached.</summary>
    public string? Result { get; set; }
}

/// <summary>
/// The notification outbox (EF Core). One subclass per engine carries that engine's migrations:
/// <see cref="SqliteNotificationStore"/> and <see cref="PostgresNotificationStore"/>.
/// </summary>
public abstract class NotificationStore(DbContextOptions options) : DbContext(options)
{
    public const string Name = "notifications";

    public DbSet<OutboxDelivery> Deliveries => Set<OutboxDelivery>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        builder.Entity<OutboxDelivery>(delivery =>
        {
            delivery.ToTable("OutboxDeliveries");
            delivery.Property(d => d.Key).HasMaxLength(OutboxDelivery.MaxKeyLength);
            delivery.Property(d => d.Subject).HasMaxLength(OutboxDelivery.MaxSubjectLength);
            delivery.Property(d => d.Step).HasMaxLength(OutboxDelivery.MaxChannelLength);
            delivery.Property(d => d.Channel).HasMaxLength(OutboxDelivery.MaxChannelLength);
            delivery.Property(d => d.RecipientRole).HasMaxLength(OutboxDelivery.MaxChannelLength);
            delivery.Property(d => d.RecipientName).HasMaxLength(OutboxDelivery.MaxNameLength);
            delivery.Property(d => d.RecipientPhone).HasMaxLength(OutboxDelivery.MaxPhoneLength);
            delivery.Property(d => d.Result).HasMaxLength(OutboxDelivery.MaxResultLength);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.HasIndex(d => d.Key).IsUnique();
            delivery.HasIndex(d => d.Subject);
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        });
    }
}

public sealed class SqliteNotificationStore(DbContextOptions<SqliteNotificationStore> options) : NotificationStore(options);

public sealed class PostgresNotificationStore(DbContextOptions<PostgresNotificationStore> options) : NotificationStore(options);
