using Microsoft.AspNetCore.Identity;

namespace CommandCenter.Auth.Store;

/// <summary>
/// A person or client who signs in: Identity's user (password hash, security stamp, lockout, second
/// factor) with exactly one role and one scope, never more, so "who may do what" is one lookup.
/// </summary>
public sealed class CommandCenterUser : IdentityUser
{
    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary>Where the role applies: <c>city</c>, an area key (<c>district/640104</c>), <c>firm/…</c>, <c>unit/…</c> or <c>department/…</c>; see <see cref="UserScope"/>.</summary>
    public string Scope { get; set; } = "";

    /// <summary>An integration client's API scopes, space-separated (<c>open311 export</c>); empty for people.</summary>
    public string ApiScopes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An integration client's API key: only its SHA-256 is kept, and its first characters to tell keys apart.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }

    public string UserId { get; set; } = "";

    public CommandCenterUser? User { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key. Keys are 256 random bits, so a plain hash cannot be guessed back.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The key's first characters (<c>cck_ab12…</c>), shown in lists and the audit log.</summary>
    public string Prefix { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// A wall screen asking to be signed in: it shows <see cref="Code"/>, an admin enters the code and
/// picks the wall account and the screen's name; the screen, which alone holds the secret behind
/// <see cref="SecretHash"/> in a cookie, is then signed in without anyone typing a password on it.
/// </summary>
public sealed class WallPairing
{
    public Guid Id { get; set; }

    /// <summary>What the screen shows and the admin types: 8 characters without look-alikes.</summary>
    public string Code { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the screen's secret.</summary>
    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The wall account the screen signs in as, once approved.</summary>
    public string? WallUserId { get; set; }

    /// <summary>The column's width (PostgreSQL refuses more; SQLite would keep it), checked before it is stored.</summary>
    public const int MaxScreenNameLength = 100;

    public string? ScreenName { get; set; }

    public string? ApprovedBy { get; set; }
}
