using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using CommandCenter.Grains.City;
using CommandCenter.TelemetryIngest;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// Who may sign in to the consoles. Either the configured <c>Users</c> list, or — when none is
/// configured and a city is loaded — demo users: <c>operator</c> and one <c>firm-{firmId}</c> per
/// firm, with random passwords written to <c>demo-users.json</c> in the data folder (kept across
/// restarts while the city's firms stay the same).
/// </summary>
public sealed class ConsoleUsers
{
    public const string DemoFileName = "demo-users.json";

    private const string DemoOperator = "operator";
    private const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int PasswordLength = 12;

    // Demo passwords are random (about 59 bits), not chosen by people, so a tenth of the default
    // PBKDF2 rounds suffices, and a full-size city's 300 firms hash in seconds rather than a minute.
    private const int DemoHashIterations = 10_000;

    // Relaxed escaping keeps a hash's '+' readable for copying into the Users configuration.
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly PasswordHasher<ConsoleUser> _hasher = new();
    private readonly Dictionary<string, (ConsoleUser User, string Hash)> _users;

    // Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
    private readonly string _decoyHash;

    private ConsoleUsers(IEnumerable<(ConsoleUser User, string Hash)> users)
    {
        _users = users.ToDictionary(u => u.User.Name, StringComparer.OrdinalIgnoreCase);
        _decoyHash = _hasher.HashPassword(new ConsoleUser("", ConsoleRoles.Operator, null), RandomNumberGenerator.GetHexString(16));
    }

    /// <summary>The user when the name and password match; null otherwise.</summary>
    public ConsoleUser? Verify(string? name, string? password)
    {
        var found = _users.TryGetValue(name ?? "", out var entry);
        var user = found ? entry.User : new ConsoleUser("", ConsoleRoles.Operator, null);
        var result = _hasher.VerifyHashedPassword(user, found ? entry.Hash : _decoyHash, password ?? "");
        return found && result != PasswordVerificationResult.Failed ? entry.User : null;
    }

    internal static ConsoleUsers Load(IServiceProvider services)
    {
        var configured = services.GetRequiredService<IOptions<ConsoleAuthOptions>>().Value.Users;
        var city = services.GetRequiredService<CityDirectory>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger<ConsoleUsers>();
        if (configured.Count > 0)
        {
            logger.LogInformation("Console users: {Count} configured", configured.Count);
            return new ConsoleUsers(configured.Select(u => (new ConsoleUser(u.Name, u.Role, u.Role == ConsoleRoles.Firm ? u.FirmId : null), u.PasswordHash)));
        }

        if (city.IsEmpty)
        {
            logger.LogWarning("No console users configured (Users) and no city loaded to seed demo users from: nobody can sign in to the desk or the firm console");
            return new ConsoleUsers([]);
        }

        var path = services.GetRequiredService<IOptions<DataOptions>>().Value.Combine(DemoFileName);
        var demo = ReadOrCreateDemoFile(path, city, logger);
        logger.LogInformation(
            "No console users configured (Users): seeded {Count} demo users ({Operator} and firm-<firm id> per firm); their passwords are in {Path}",
            demo.Users.Count, DemoOperator, path);
        return new ConsoleUsers(demo.Users.Select(u => (new ConsoleUser(u.Name, u.Role, u.FirmId), u.PasswordHash)));
    }

    private static DemoUsersFile ReadOrCreateDemoFile(string path, CityDirectory city, ILogger logger)
    {
        var expected = DemoUsersOf(city).ToList();
        if (File.Exists(path))
        {
            try
            {
                var existing = JsonSerializer.Deserialize<DemoUsersFile>(File.ReadAllBytes(path), FileJson);
                if (existing?.Users is { } users && users.Select(u => u.Name).Order().SequenceEqual(expected.Select(u => u.Name).Order()))
                {
                    return existing;
                }

                logger.LogInformation("{Path} does not match the city's firms; writing new demo users", path);
            }
            catch (JsonException ex)
            {
                logger.LogWarning(ex, "{Path} is not a demo users file; writing a new one", path);
            }
        }

        var hasher = new PasswordHasher<ConsoleUser>(Options.Create(new PasswordHasherOptions { IterationCount = DemoHashIterations }));
        var file = new DemoUsersFile(
            "Demo console users of a generated city: sign in at /login. Plain-text passwords for demos only; " +
            "configure Users (name, passwordHash, role, firmId) for a real city, which also stops this file from being used.",
            [.. expected.Select(user =>
            {
                var password = RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);
                return new DemoUser(user.Name, user.Role, user.FirmId, password, hasher.HashPassword(user, password));
            })]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(file, FileJson));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, path, overwrite: true);
        return file;
    }

    private static IEnumerable<ConsoleUser> DemoUsersOf(CityDirectory city) =>
        city.Topology.Firms.Select(firm => new ConsoleUser($"firm-{firm.Id}", ConsoleRoles.Firm, firm.Id))
            .Prepend(new ConsoleUser(DemoOperator, ConsoleRoles.Operator, null));

    /// <summary><c>demo-users.json</c>: each user's plain password next to its hash.</summary>
    private sealed record DemoUsersFile(string Note, IReadOnlyList<DemoUser> Users);

    private sealed record DemoUser(string Name, string Role, string? FirmId, string Password, string PasswordHash);
}
