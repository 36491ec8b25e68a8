using System.Security.Cryptography;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Auth.Store;
using CommandCenter.Referrals.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Referrals;

/// <summary>An integration client with the <c>referrals</c> scope and where its callbacks go (null until an admin sets it).</summary>
public sealed record ReferralClientView(string Client, string? CallbackUrl, DateTime? UpdatedAt, string? UpdatedBy);

/// <summary>The callback as set; <see cref="Secret"/> only when it was made or rotated by this change, shown this once.</summary>
public sealed record ReferralCallbackSet(string Client, string CallbackUrl, string? Secret);

/// <summary>
/// Callback URLs of the hotline clients, set by admins: checked by <see cref="CallbackTargets"/>, stored with a
/// signing secret that is generated here (32 random bytes, hex), answered once and kept protected with ASP.NET Core
/// data protection. Every change is in the audit log under the admin who made it; the secret never is.
/// </summary>
public sealed class ReferralCallbacks(
    IServiceScopeFactory scopes, CallbackTargets targets, IDataProtectionProvider protection, AuditLog audit, TimeProvider time, IStringLocalizer<ReferralText> text)
{
    private const string Purpose = "CommandCenter.Referrals.CallbackSecret";

    public async Task<IReadOnlyList<ReferralClientView>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var clients = await ClientsAsync(scope.ServiceProvider.GetRequiredService<IdentityStore>(), cancellationToken);
        var callbacks = await scope.ServiceProvider.GetRequiredService<ReferralStore>().Callbacks.AsNoTracking().ToDictionaryAsync(c => c.Client, cancellationToken);
        return [.. clients.Select(client => callbacks.TryGetValue(client, out var c)
            ? new ReferralClientView(client, c.Url, c.UpdatedAt, c.UpdatedBy)
            : new ReferralClientView(client, null, null, null))];
    }

    /// <summary>Sets the client's callback URL; a new secret when it had none or <paramref name="rotateSecret"/>.</summary>
    public async Task<(ReferralCallbackSet? Set, IReadOnlyList<string> Problems)> SetAsync(
        AuditActor actor, string client, string? url, bool rotateSecret, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!(await ClientsAsync(scope.ServiceProvider.GetRequiredService<IdentityStore>(), cancellationToken)).Contains(client))
        {
            return (null, [text["NotAClient", client]]);
        }

        if (await targets.CheckAsync(url, cancellationToken) is { } refusal)
        {
            return (null, [Describe(refusal)]);
        }

        var store = scope.ServiceProvider.GetRequiredService<ReferralStore>();
        var callback = await store.Callbacks.FirstOrDefaultAsync(c => c.Client == client, cancellationToken);
        string? secret = null;
        if (callback is null)
        {
            callback = new ReferralCallback { Client = client };
            store.Callbacks.Add(callback);
        }

        if (callback.ProtectedSecret.Length == 0 || rotateSecret)
        {
            secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            callback.ProtectedSecret = protection.CreateProtector(Purpose).Protect(secret);
        }

        (callback.Url, callback.UpdatedAt, callback.UpdatedBy) = (url!, time.GetUtcNow().UtcDateTime, actor.Name);
        await store.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(actor, AuditActions.ReferralCallbackSet, client, secret is null ? url : $"{url} (new signing secret)");
        return (new ReferralCallbackSet(client, url!, secret), []);
    }

    /// <summary>Removes the client's callback; false when it had none. Outcomes due meanwhile wait in the outbox and are retried.</summary>
    public async Task<bool> RemoveAsync(AuditActor actor, string client, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var removed = await scope.ServiceProvider.GetRequiredService<ReferralStore>().Callbacks.Where(c => c.Client == client).ExecuteDeleteAsync(cancellationToken);
        if (removed > 0)
        {
            await audit.RecordAsync(actor, AuditActions.ReferralCallbackRemoved, client);
        }

        return removed > 0;
    }

    /// <summary>Where the client's callbacks go and the secret to sign them with; null when no callback is set.</summary>
    public async Task<(string Url, string Secret)?> FindAsync(string client, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var callback = await scope.ServiceProvider.GetRequiredService<ReferralStore>().Callbacks.AsNoTracking().FirstOrDefaultAsync(c => c.Client == client, cancellationToken);
        return callback is null ? null : (callback.Url, protection.CreateProtector(Purpose).Unprotect(callback.ProtectedSecret));
    }

    public string Describe(CallbackRefusal refusal) => text[$"Callback{refusal.Kind}", refusal.Detail];

    /// <summary>Integration clients whose keys carry the <c>referrals</c> scope.</summary>
    private static async Task<HashSet<string>> ClientsAsync(IdentityStore identity, CancellationToken cancellationToken)
    {
        var integrations = await identity.Users.AsNoTracking().Where(u => u.Role == Roles.Integration)
            .Select(u => new { u.UserName, u.ApiScopes }).ToListAsync(cancellationToken);
        return [.. integrations.Where(u => u.ApiScopes.Split(' ').Contains(ApiScopes.Referrals)).Select(u => u.UserName!)];
    }
}
