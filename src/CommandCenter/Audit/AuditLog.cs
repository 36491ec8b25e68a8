using CommandCenter.Audit.Store;

namespace CommandCenter.Audit;

/// <summary>
/// Writes the system audit log. Features record an action once it has taken effect (the sign-in
/// succeeded, the grain accepted the step), so the log never claims what did not happen. If the entry
/// cannot be written, the action stands and its caller gets the same answer: the failure is logged as
/// an error carrying the whole entry, so the application log holds what the table missed. Refusing
/// the action instead would let a full disk or a PostgreSQL outage stop alarm handling.
/// </summary>
public sealed class AuditLog(IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditLog> logger)
{
    /// <summary>Never throws. Takes no cancellation token: the action happened, so its entry is written even when the caller has gone.</summary>
    public async Task RecordAsync(AuditActor actor, string action, string? target, string? detail = null)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            Actor = Bounded(actor.Name, AuditEntry.MaxActorLength)!,
            ActorRole = Bounded(actor.Role, AuditEntry.MaxRoleLength),
            Address = Bounded(actor.Address, AuditEntry.MaxAddressLength),
            Action = action,
            Target = Bounded(target, AuditEntry.MaxTargetLength),
            Detail = Bounded(detail, AuditEntry.MaxDetailLength),
        };
        try
        {
            // A scope per entry: the log is used from singletons and long-lived Blazor circuits alike.
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<AuditStore>();
            store.Entries.Add(entry);
            await store.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogError(
                ex, "Audit entry not written: {Action} by {Actor} ({Role}) from {Address} on {Target} at {At:O}: {Detail}",
                entry.Action, entry.Actor, entry.ActorRole, entry.Address, entry.Target, entry.At, entry.Detail);
        }
    }

    /// <summary>Names and targets may come from the request (a user name typed at sign-in): cut to the column's size.</summary>
    private static string? Bounded(string? text, int length) => text is not null && text.Length > length ? text[..(length - 1)] + "…" : text;
}
