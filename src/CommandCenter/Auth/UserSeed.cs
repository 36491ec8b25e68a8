using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Json;
using CommandCenter.Audit;
using CommandCenter.Auth.Store;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;
using CommandCenter.Relational;
using CommandCenter.TelemetryIngest;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// The first users, once the store is migrated: configured <c>Users</c> whose names are not in the
/// store yet (each recorded in the audit log); then, when <c>DemoUsers</c> is on (run.sh, tests) and
/// the store has no demo users yet, one demo user of every role with random passwords written to
/// <c>demo-users.json</c> (mode 0600) in the data folder. A store without users and without the demo switch refuses to start: nobody
/// could sign in to add the first admin (<c>users add</c> does that from the host).
/// </summary>
public sealed class UserSeed(
    IOptions<ConsoleAuthOptions> configured, IConfiguration configuration, CityDirectory city, IOptions<DataOptions> data, AuditLog audit, TimeProvider time,
    ILogger<UserSeed> logger)
    : IRelationalStoreSeed
{
    public const string DemoFileName = "demo-users.json";
    public const string DemoSwitch = "DemoUsers";

    private const string DemoAdmin = "admin";

    private const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    private const int PasswordLength = 16;

    // Demo passwords are random (about 79 bits), not chosen by people, so a tenth of the default
    // PBKDF2 rounds suffices, and a full-size city's 300 firm users hash in seconds rather than a minute.
    private const int DemoHashIterations = 10_000;

    /// <summary>The demo city's grids all get their grid worker (it has 16); a larger city its first this many.</summary>
    private const int DemoGridWorkersAtMost = 64;

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task SeedAsync(IServiceProvider scopedServices, CancellationToken cancellationToken)
    {
        var users = scopedServices.GetRequiredService<UserManager<CommandCenterUser>>();
        foreach (var user in configured.Value.Users)
        {
            if (await users.FindByNameAsync(user.Name) is null)
            {
                await CreateAsync(users, new CommandCenterUser { UserName = user.Name, Role = user.Role, Scope = user.Scope, PasswordHash = user.PasswordHash });
                logger.LogInformation("User {User} ({Role}, {Scope}) added from the configuration", user.Name, user.Role, user.Scope);
                await audit.RecordUserAddedAsync(AuditActor.Configuration, user.Name, user.Role, user.Scope);
            }
        }

        if (configuration.GetValue<bool>(DemoSwitch))
        {
            // Once per store: in a cluster the first silo seeds, the others find the demo admin there.
            if (await users.FindByNameAsync(DemoAdmin) is null)
            {
                await SeedDemoAsync(scopedServices, users, cancellationToken);
            }

            return;
        }

        if (!await users.Users.AnyAsync(cancellationToken))
        {
            throw new InvalidOperationException(
                "There are no users, so nobody could sign in. Add the first admin on this host: " +
                "`dotnet CommandCenter.dll users add <name> --role admin --scope city` (with the same --Data:Path or cluster settings), " +
                $"or configure Users, or start a demo with --{DemoSwitch}=true.");
        }
    }

    private async Task SeedDemoAsync(IServiceProvider scopedServices, UserManager<CommandCenterUser> users, CancellationToken cancellationToken)
    {
        var hasher = new PasswordHasher<CommandCenterUser>(Options.Create(new PasswordHasherOptions { IterationCount = DemoHashIterations }));
        var store = scopedServices.GetRequiredService<IdentityStore>();
        var entries = new List<DemoUser>();
        foreach (var (name, role, scope) in DemoUsersOf(city))
        {
            var user = new CommandCenterUser { UserName = name, Role = role, Scope = scope.ToString() };
            if (role == Roles.Integration)
            {
                // The integration clients are named after their one API scope.
                user.ApiScopes = name;
                await CreateAsync(users, user);
                var (row, key) = ApiKeyAuthentication.NewKeyFor(user.Id, time.GetUtcNow());
                store.ApiKeys.Add(row);
                entries.Add(new DemoUser(name, role, null, [name], null, key, null));
                continue;
            }

            var password = RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);
            user.PasswordHash = hasher.HashPassword(user, password);
            await CreateAsync(users, user);
            string? authenticatorKey = null;
            if (role == Roles.Admin)
            {
                // Admins need a second factor: the demo admin has it on, its key in the file for an authenticator app.
                await users.ResetAuthenticatorKeyAsync(user);
                authenticatorKey = await users.GetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
            }

            entries.Add(new DemoUser(name, role, scope.ToString(), null, password, null, authenticatorKey));
        }

        await store.SaveChangesAsync(cancellationToken);
        var path = data.Value.Combine(DemoFileName);
        AtomicFile.Write(path, JsonSerializer.Serialize(new DemoUsersFile(
            "Demo users of this command center: sign in at /login. Plain-text passwords and keys for demos only; " +
            "a real deployment adds its users with `users add` and /admin/users.",
            entries), FileJson), ownerOnly: true);
        logger.LogInformation("No users yet ({Switch} on): seeded {Count} demo users, one of every role; their passwords are in {Path}", DemoSwitch, entries.Count, path);
    }

    /// <summary>
    /// One user of every role, scoped to the first area, firm, unit and department the city has; a firm user per firm
    /// and department, and a grid worker per grid (at most <see cref="DemoGridWorkersAtMost"/>).
    /// </summary>
    private static IEnumerable<(string Name, string Role, UserScope Scope)> DemoUsersOf(CityDirectory city)
    {
        yield return (DemoAdmin, Roles.Admin, UserScope.City);
        yield return ("operator", Roles.Operator, UserScope.City);
        yield return ("wall", Roles.Wall, UserScope.City);
        yield return (ApiScopes.Open311, Roles.Integration, UserScope.City);
        yield return (ApiScopes.Monitoring, Roles.Integration, UserScope.City);
        yield return (ApiScopes.Referrals, Roles.Integration, UserScope.City);
        if (city.Topology.Districts.FirstOrDefault() is { } district)
        {
            yield return ($"operator-{district.Id}", Roles.Operator, new UserScope(ScopeKind.District, district.Id));
            yield return ($"wall-{district.Id}", Roles.Wall, new UserScope(ScopeKind.District, district.Id));
            var street = district.Streets[0];
            var community = street.Communities[0];
            yield return ($"street-{street.Id}", Roles.Street, new UserScope(ScopeKind.Street, street.Id));
            yield return ($"community-{community.Id}", Roles.Community, new UserScope(ScopeKind.Community, community.Id));
        }

        // A grid worker for every grid of a demo-sized city, so the simulated patrols report all over it; a city the
        // size of Yinchuan (4,121 grids) gets the first ones only, as hashing thousands of passwords would hold up its start.
        foreach (var grid in city.Topology.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).SelectMany(c => c.Grids).Take(DemoGridWorkersAtMost))
        {
            yield return ($"gridworker-{grid.Id}", Roles.GridWorker, new UserScope(ScopeKind.Grid, grid.Id));
        }

        foreach (var department in city.Topology.Departments)
        {
            yield return ($"department-{department.Id}", Roles.Department, new UserScope(ScopeKind.Department, department.Id));
        }

        if (city.Topology.Units.FirstOrDefault() is { } unit)
        {
            yield return ($"unit-{unit.Id}", Roles.Unit, new UserScope(ScopeKind.Unit, unit.Id));
        }

        foreach (var firm in city.Topology.Firms)
        {
            yield return ($"firm-{firm.Id}", Roles.Firm, new UserScope(ScopeKind.Firm, firm.Id));
        }
    }

    private async Task CreateAsync(UserManager<CommandCenterUser> users, CommandCenterUser user)
    {
        user.CreatedAt = time.GetUtcNow();
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"User {user.UserName} could not be added: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    /// <summary><c>demo-users.json</c>: people with their plain password, integration clients with their API key.</summary>
    private sealed record DemoUsersFile(string Note, IReadOnlyList<DemoUser> Users);

    private sealed record DemoUser(
        string Name, string Role, string? Scope, IReadOnlyList<string>? Scopes, string? Password, string? ApiKey, string? AuthenticatorKey);
}
