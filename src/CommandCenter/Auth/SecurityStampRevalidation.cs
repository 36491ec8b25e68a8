using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace CommandCenter.Auth;

/// <summary>
/// A Blazor circuit lives as long as the tab, long after the cookie was checked. This re-reads the
/// user every <see cref="ConsoleAuthExtensions.RevocationCheckInterval"/>: a user deleted, locked or
/// whose sessions were revoked (a new security stamp) becomes signed out in every open console and
/// wall, which then show their signed-out state (<c>SessionWatch</c>).
/// </summary>
public sealed class SecurityStampRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => ConsoleAuthExtensions.RevocationCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionCheck>().StillValidAsync(state.User, cancellationToken);
    }
}
