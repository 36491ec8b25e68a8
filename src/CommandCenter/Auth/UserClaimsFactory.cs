using System.Security.Claims;
using CommandCenter.Auth.Store;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>Identity's claims (name, id, security stamp) plus the user's one role, scope and API scopes.</summary>
public sealed class UserClaimsFactory(UserManager<CommandCenterUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<CommandCenterUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CommandCenterUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        AddClaimsOf(identity, user);
        return identity;
    }

    /// <summary>Shared with the API-key scheme, so a key's client carries the same claims as a signed-in person.</summary>
    public static void AddClaimsOf(ClaimsIdentity identity, CommandCenterUser user)
    {
        identity.AddClaim(new Claim(identity.RoleClaimType, user.Role));
        identity.AddClaim(new Claim(ConsoleClaims.Scope, user.Scope));
        foreach (var scope in user.ApiScopes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            identity.AddClaim(new Claim(ConsoleClaims.ApiScope, scope));
        }
    }
}
