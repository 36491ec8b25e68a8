using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace CommandCenter.Auth;

/// <summary>Roles of console users: command-center operators and maintenance-firm staff.</summary>
public static class ConsoleRoles
{
    public const string Operator = "operator";
    public const string Firm = "firm";

    public static bool IsKnown(string? role) => role is Operator or Firm;
}

/// <summary>Authorization policies of the consoles, used by pages and endpoints alike.</summary>
public static class ConsolePolicies
{
    /// <summary>The operator desk: operators only.</summary>
    public const string Operator = "console-operator";

    /// <summary>The firm console: firm users (their own firm only) and operators (any firm).</summary>
    public const string FirmConsole = "console-firm";

    /// <summary>The hub's wall group: anyone but a firm account (<see cref="ConsoleClaims.MayWatchWall"/>).</summary>
    public const string WallWatcher = "hub-wall";

    /// <summary>The hub's district and grid groups: who may watch the wall, for an area the city has.</summary>
    public const string AreaWatcher = "hub-area";

    /// <summary>The hub's firm groups: the firm named by the call's first argument, as <see cref="FirmScope.Authorize"/> allows.</summary>
    public const string FirmWatcher = "hub-firm";
}

/// <summary>Where the consoles live; the sign-in and sign-out endpoints are posted to by plain HTML forms.</summary>
public static class ConsoleRoutes
{
    public const string Login = "/login";
    public const string SignIn = "/account/login";
    public const string SignOut = "/logout";
    public const string Desk = "/desk";
    public const string Firm = "/firm";

    /// <summary>The page a user lands on after signing in.</summary>
    public static string HomeOf(ClaimsPrincipal user) => user.IsOperator() ? Desk : Firm;

    public static string FirmConsoleOf(string firmId) => $"{Firm}?firmId={Uri.EscapeDataString(firmId)}";
}

/// <summary>A person who may sign in to a console; firm users belong to exactly one firm.</summary>
public sealed record ConsoleUser(string Name, string Role, string? FirmId);

/// <summary>The claims a signed-in console user carries, and how to read them back.</summary>
public static class ConsoleClaims
{
    /// <summary>The maintenance firm of a firm user.</summary>
    public const string FirmId = "cc:firm";

    public static ClaimsPrincipal PrincipalOf(ConsoleUser user)
    {
        List<Claim> claims = [new(ClaimTypes.Name, user.Name), new(ClaimTypes.Role, user.Role)];
        if (user.FirmId is { } firm)
        {
            claims.Add(new Claim(FirmId, firm));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static bool IsOperator(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.IsInRole(ConsoleRoles.Operator);

    public static bool IsFirmUser(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && user.IsInRole(ConsoleRoles.Firm);

    /// <summary>The firm of a firm user; null for everyone else.</summary>
    public static string? FirmIdOf(this ClaimsPrincipal user) => user.IsFirmUser() ? user.FindFirstValue(FirmId) : null;

    /// <summary>
    /// Wall screens are anonymous and operators watch the wall too; a firm account never may, because
    /// the wall carries every firm's alarms.
    /// </summary>
    public static bool MayWatchWall(this ClaimsPrincipal user) => !user.IsFirmUser();
}
