using System.Net;
using System.Security.Claims;
using CommandCenter.Auth;

namespace CommandCenter.Audit;

/// <summary>Who acted, as the audit log records it: a name, the role if signed in, and the address the request came from.</summary>
public sealed record AuditActor(string Name, string? Role, string? Address)
{
    public const string Anonymous = "anonymous";

    /// <summary>The server itself, adding the users its configuration names.</summary>
    public static readonly AuditActor Configuration = new("configuration", null, null);

    public static AuditActor Of(ClaimsPrincipal user, IPAddress? address) =>
        new(user.IsSignedIn() ? user.Identity!.Name! : Anonymous, user.RoleOf(), TextOf(address));

    public static AuditActor Of(HttpContext http) => Of(http.User, http.Connection.RemoteIpAddress);

    /// <summary>A user known by name who is not signed in yet: the one signing in right now.</summary>
    public static AuditActor Of(string userName, string role, HttpContext http) => new(userName, role, TextOf(http.Connection.RemoteIpAddress));

    /// <summary>The operating-system account that runs a host command (<c>users add</c>) on the server's machine.</summary>
    public static AuditActor HostAccount() => new($"host:{Environment.UserName}", null, null);

    private static string? TextOf(IPAddress? address) =>
        address is null ? null : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
}
