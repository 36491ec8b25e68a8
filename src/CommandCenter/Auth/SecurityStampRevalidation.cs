using System.Security.Claims;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// A Blazor circuit lives as long as the tab, long after the cookie was checked. This re-reads the
/// user every <see cref="ConsoleAuthExtensions.RevocationCheckInterval"/>: a user deleted, locked or
/// whose sessions were revoked (a new security stamp) becomes signed out in every open console and
/// wall, which then show their signed-out state (<c>SessionWatch</c>).
/// </summary>
public sealed class SecurityStampRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> identity, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => ConsoleAuthExtensions.RevocationCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CommandCenterUser>>();
        if (await users.GetUserAsync(state.User) is not { } user || user.LockoutEnd > time.GetUtcNow())
        {
            return false;
        }

        var stamp = state.User.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
