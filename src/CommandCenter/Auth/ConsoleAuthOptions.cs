using CommandCenter.Grains.City;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// Users seeded from the configuration section <c>Users</c> (a list) into the user store when their
/// name is not there yet; the store is what counts afterwards. Demo users come only with
/// <c>DemoUsers=true</c> (see <see cref="UserSeed"/>).
/// </summary>
public sealed class ConsoleAuthOptions
{
    public const string UsersSection = "Users";

    public List<ConsoleUserOptions> Users { get; set; } = [];
}

/// <summary>One configured user: <c>Users:0:Name</c>, <c>Users:0:PasswordHash</c>, <c>Users:0:Role</c>, <c>Users:0:Scope</c>.</summary>
public sealed class ConsoleUserOptions
{
    public string Name { get; set; } = "";

    /// <summary>
    /// ASP.NET Core Identity's v3 format (base64 of PBKDF2 with HMAC-SHA512, salt and iteration
    /// count), as <c>PasswordHasher&lt;T&gt;.HashPassword</c> writes it; never a plain password.
    /// </summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>One of <see cref="Roles.All"/>.</summary>
    public string Role { get; set; } = "";

    /// <summary><c>city</c>, <c>district/640104</c>, <c>firm/FIRM-001</c>, … as the role allows (<see cref="UserScope"/>).</summary>
    public string Scope { get; set; } = "";
}

/// <summary>Reports every problem of the configured users at once.</summary>
public sealed class ConsoleAuthOptionsValidator(CityDirectory city, IStringLocalizer<UserText> text) : IValidateOptions<ConsoleAuthOptions>
{
    /// <summary>Identity's v3 hashes start with this format marker byte.</summary>
    private const byte IdentityV3Marker = 0x01;

    public ValidateOptionsResult Validate(string? name, ConsoleAuthOptions options)
    {
        var problems = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var where = $"Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                problems.Add($"{where}:Name is required");
            }
            else if (!names.Add(user.Name))
            {
                problems.Add($"{where}:Name '{user.Name}' is used twice (names are case-insensitive)");
            }

            if (!IsIdentityV3Hash(user.PasswordHash))
            {
                problems.Add($"{where}:PasswordHash is not an ASP.NET Core Identity v3 password hash (base64, as PasswordHasher<T>.HashPassword writes it)");
            }

            if (UserScope.ProblemOf(user.Role, user.Scope, city, text) is { } problem)
            {
                problems.Add($"{where}: {problem}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsIdentityV3Hash(string? hash)
    {
        var bytes = new byte[hash?.Length ?? 0];
        return hash is { Length: > 0 } && Convert.TryFromBase64String(hash, bytes, out var length) && length > 13 && bytes[0] == IdentityV3Marker;
    }
}
