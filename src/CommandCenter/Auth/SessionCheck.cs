using System.Security.Claims;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// Whether a principal authenticated a while ago still stands, as a Blazor circuit or a hub connection,
/// which outlive the request that opened them, must ask again: a person's user still exists, is not
/// locked and has the security stamp the session was signed in with (a new one means the sessions were
/// ended or the password reset); an integration client's API key is not revoked and its client not locked.
/// </summary>
public sealed class SessionCheck(UserManager<CommandCenterUser> users, IdentityStore store, IOptions<IdentityOptions> identity, TimeProvider time)
{
    public async Task<bool> StillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Identity is { AuthenticationType: AuthSchemes.ApiKey })
        {
            return Guid.TryParse(principal.FindFirstValue(ConsoleClaims.ApiKeyId), out var keyId)
                && await store.ApiKeys.AsNoTracking().Include(k => k.User).FirstOrDefaultAsync(k => k.Id == keyId, cancellationToken) is { } key
                && ApiKeyAuthentication.IsLive(key, time.GetUtcNow());
        }

        if (await users.GetUserAsync(principal) is not { } user || user.LockoutEnd > time.GetUtcNow())
        {
            return false;
        }

        var stamp = principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
