using System.Security.Cryptography;
using CommandCenter.Audit;
using CommandCenter.Auth.Store;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Auth;

/// <summary>A user as the admin pages list it.</summary>
public sealed record UserRow(
    string Name, string Role, string Scope, string ApiScopes, bool SecondFactor, bool Locked, DateTimeOffset CreatedAt, IReadOnlyList<string> ApiKeys);

/// <summary>What an administrative change did: problems when it was refused, a secret to show once when one was made.</summary>
public sealed record AdministrationResult(IReadOnlyList<string> Problems, string? Secret = null)
{
    public bool Succeeded => Problems.Count == 0;

    public static AdministrationResult Done(string? secret = null) => new([], secret);

    public static AdministrationResult Refused(params string[] problems) => new(problems);
}

/// <summary>
/// Adding users and changing them: the one place both the <c>/admin</c> page and the <c>users</c>
/// host command go through, so a user made either way is checked the same. Secrets (passwords, API
/// keys) are generated here and returned once; only their hashes are kept. Every change done is
/// recorded in the audit log under the actor who made it. A refusal says why in the caller's UI culture (<see cref="UserText"/>).
/// </summary>
public sealed class UserAdministration(
    UserManager<CommandCenterUser> users, IdentityStore store, CityDirectory city, AuditLog audit, TimeProvider time, IStringLocalizer<UserText> text)
{
    private const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int PasswordLength = 20;

    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = (await store.ApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).ToListAsync(cancellationToken))
            .ToLookup(k => k.UserId);
        var now = time.GetUtcNow();
        return [.. (await users.Users.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(u => u.UserName, StringComparer.Ordinal)
            .Select(u => new UserRow(u.UserName!, u.Role, u.Scope, u.ApiScopes, u.TwoFactorEnabled, u.LockoutEnd > now, u.CreatedAt,
                [.. keys[u.Id].Select(k => k.Prefix + "…")]))];
    }

    /// <summary>Adds a person (a generated password) or an integration client (a generated API key).</summary>
    public async Task<AdministrationResult> AddAsync(AuditActor actor, string name, string role, string scope, IReadOnlyList<string> apiScopes)
    {
        if (ProblemsOf(role, scope, apiScopes) is { Count: > 0 } problems)
        {
            return new AdministrationResult(problems);
        }

        var user = new CommandCenterUser { UserName = name, Role = role, Scope = scope, ApiScopes = string.Join(' ', apiScopes), CreatedAt = time.GetUtcNow() };
        var password = NewPassword();
        var created = role == Roles.Integration ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new AdministrationResult([.. created.Errors.Select(e => e.Description)]);
        }

        await audit.RecordUserAddedAsync(actor, name, role, scope, user.ApiScopes);
        return role == Roles.Integration ? await IssueApiKeyAsync(actor, user) : AdministrationResult.Done(password);
    }

    public Task<AdministrationResult> ResetPasswordAsync(AuditActor actor, string name) => WithUserAsync(actor, name, AuditActions.PasswordReset, async user =>
    {
        if (user.Role == Roles.Integration)
        {
            return AdministrationResult.Refused(text["ClientHasNoPassword", name]);
        }

        var password = NewPassword();
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        // A new password also ends every session signed in with the old one.
        return reset.Succeeded ? AdministrationResult.Done(password) : new AdministrationResult([.. reset.Errors.Select(e => e.Description)]);
    });

    /// <summary>Ends every session of the user within <see cref="ConsoleAuthExtensions.RevocationCheckInterval"/>: pages, API calls, consoles.</summary>
    public Task<AdministrationResult> RevokeSessionsAsync(AuditActor actor, string name) => WithUserAsync(actor, name, AuditActions.SessionsRevoked, async user =>
        Result(await users.UpdateSecurityStampAsync(user)));

    /// <summary>Locks the account (only an admin ever does; failed sign-ins never do) and ends its sessions, or unlocks it.</summary>
    public Task<AdministrationResult> SetLockedAsync(AuditActor actor, string name, bool locked) =>
        WithUserAsync(actor, name, locked ? AuditActions.UserLocked : AuditActions.UserUnlocked, async user =>
    {
        // Identity only sets an end date while lockout is enabled: enable before locking, disable after unlocking.
        if (!locked)
        {
            var unlocked = await users.SetLockoutEndDateAsync(user, null);
            return Result(unlocked.Succeeded ? await users.SetLockoutEnabledAsync(user, false) : unlocked);
        }

        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        return Result(result.Succeeded ? await users.UpdateSecurityStampAsync(user) : result);
    });

    /// <summary>
    /// Gives the user another role and scope, checked as for a new user, and ends their sessions so their next
    /// request carries the new rights. People stay people and integration clients stay clients (one signs in
    /// with a password, the other with API keys); a client's API scopes change with it.
    /// </summary>
    public async Task<AdministrationResult> ChangeRoleAsync(AuditActor actor, string name, string role, string scope, IReadOnlyList<string> apiScopes)
    {
        if (actor.Name == name)
        {
            return AdministrationResult.Refused(text["OwnAccount"]);
        }

        if (await users.FindByNameAsync(name) is not { } user)
        {
            return AdministrationResult.Refused(text["NoSuchUser", name]);
        }

        var problems = ProblemsOf(role, scope, apiScopes);
        if (user.Role == Roles.Integration != (role == Roles.Integration))
        {
            problems.Add(user.Role == Roles.Integration ? text["ClientStaysClient", name] : text["PersonStaysPerson", name]);
        }

        if (problems.Count > 0)
        {
            return new AdministrationResult(problems);
        }

        var before = (user.Role, user.Scope, user.ApiScopes);
        (user.Role, user.Scope, user.ApiScopes) = (role, scope, string.Join(' ', apiScopes));
        var updated = await users.UpdateAsync(user);
        // Role and scope travel in the session's claims: a new stamp makes every session sign in again to get the new ones.
        var result = Result(updated.Succeeded ? await users.UpdateSecurityStampAsync(user) : updated);
        if (result.Succeeded)
        {
            await audit.RecordUserRoleChangedAsync(actor, name, before, (user.Role, user.Scope, user.ApiScopes));
        }

        return result;
    }

    /// <summary>
    /// Turns the user's second factor off and replaces their authenticator key (a lost phone), ending their
    /// sessions; they set it up again at <see cref="ConsoleRoutes.Security"/>, and an admin must before <c>/admin</c> opens.
    /// Nobody does it to their own account from the page: someone who stole a session could otherwise drop the factor.
    /// </summary>
    public async Task<AdministrationResult> ResetSecondFactorAsync(AuditActor actor, string name) =>
        actor.Name == name ? AdministrationResult.Refused(text["OwnAccount"])
        : await WithUserAsync(actor, name, AuditActions.SecondFactorReset, async user =>
        {
            if (user.Role == Roles.Integration)
            {
                return AdministrationResult.Refused(text["ClientHasNoSecondFactor", name]);
            }

            var disabled = await users.SetTwoFactorEnabledAsync(user, false);
            // The new key also renews the security stamp, which ends every session of the user.
            return Result(disabled.Succeeded ? await users.ResetAuthenticatorKeyAsync(user) : disabled);
        });

    /// <summary>Recorded as its key's prefix, never the key.</summary>
    public async Task<AdministrationResult> IssueApiKeyAsync(AuditActor actor, string name) =>
        await users.FindByNameAsync(name) is not { } user ? AdministrationResult.Refused(text["NoSuchUser", name])
        : user.Role != Roles.Integration ? AdministrationResult.Refused(text["NotAClient", name])
        : await IssueApiKeyAsync(actor, user);

    public Task<AdministrationResult> RevokeApiKeysAsync(AuditActor actor, string name) => WithUserAsync(actor, name, AuditActions.ApiKeysRevoked, async user =>
    {
        var now = time.GetUtcNow();
        await store.ApiKeys.Where(k => k.UserId == user.Id && k.RevokedAt == null)
            .ExecuteUpdateAsync(k => k.SetProperty(key => key.RevokedAt, now));
        return AdministrationResult.Done();
    });

    private async Task<AdministrationResult> IssueApiKeyAsync(AuditActor actor, CommandCenterUser user)
    {
        var (row, key) = ApiKeyAuthentication.NewKeyFor(user.Id, time.GetUtcNow());
        store.ApiKeys.Add(row);
        await store.SaveChangesAsync();
        await audit.RecordAsync(actor, AuditActions.ApiKeyIssued, user.UserName, ApiKeyAuthentication.PrefixOf(key) + "…");
        return AdministrationResult.Done(key);
    }

    /// <summary>One change to an existing user, recorded when it was done.</summary>
    private async Task<AdministrationResult> WithUserAsync(
        AuditActor actor, string name, string action, Func<CommandCenterUser, Task<AdministrationResult>> change)
    {
        if (await users.FindByNameAsync(name) is not { } user)
        {
            return AdministrationResult.Refused(text["NoSuchUser", name]);
        }

        var result = await change(user);
        if (result.Succeeded)
        {
            await audit.RecordAsync(actor, action, name);
        }

        return result;
    }

    /// <summary>Why a user cannot have this role, scope and API scopes; the same checks for a new user and a changed one.</summary>
    private List<string> ProblemsOf(string role, string scope, IReadOnlyList<string> apiScopes)
    {
        var problems = new List<string>();
        if (UserScope.ProblemOf(role, scope, city, text) is { } problem)
        {
            problems.Add(problem);
        }

        if (role == Roles.Integration != apiScopes.Count > 0)
        {
            problems.Add(role == Roles.Integration ? text["ClientNeedsApiScope"] : text["ApiScopesForClients"]);
        }

        problems.AddRange(apiScopes.Where(s => !ApiScopes.All.Contains(s)).Select(s => text["UnknownApiScope", s, string.Join(", ", ApiScopes.All)].Value));
        return problems;
    }

    private static AdministrationResult Result(IdentityResult result) =>
        result.Succeeded ? AdministrationResult.Done() : new AdministrationResult([.. result.Errors.Select(e => e.Description)]);

    private static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);
}

/// <summary>Why a user cannot be added or changed (<c>UserText.resx</c>, <c>UserText.zh-CN.resx</c>).</summary>
public sealed class UserText;
