using System.CommandLine;
using CommandCenter.Assessment.GridWorkerPoints;
using CommandCenter.Assessment.PropertyFirms;
using CommandCenter.Audit;
using CommandCenter.Auth.Store;
using CommandCenter.City;
using CommandCenter.Elevators;
using CommandCenter.Grains.City;
using CommandCenter.Hosting;
using CommandCenter.Notifications;
using CommandCenter.Referrals;
using CommandCenter.Relational;
using CommandCenter.TelemetryIngest;
using CommandCenter.Tickets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Auth;

/// <summary>
/// Host commands that run instead of the server: <c>migrate</c> brings the stores to the newest
/// schema, <c>users …</c> adds, lists and changes users without anyone signed in (the first admin, a
/// lost phone; the audit log names the actor <c>host:</c> and the machine's account). Settings come as
/// for the server (<c>--Data:Path=…</c>, <c>--Orleans:ClusterMode=Postgres</c> and its connection
/// string), so the command works on the same store the server uses.
/// </summary>
public static class HostCommands
{
    private static readonly string[] Verbs = ["users", "migrate"];

    public static bool Handles(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("CommandCenter host commands; settings as for the server, e.g. --Data:Path=data")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Subcommands.Add(MigrateCommand());
        root.Subcommands.Add(UsersCommand());
        return root.Parse(args).InvokeAsync();
    }

    private static Command MigrateCommand()
    {
        var command = new Command("migrate", "Applies every store's pending schema migrations, then exits (the server does the same at start).");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(parse);
            await MigrateAsync(services, cancellationToken);
            Console.WriteLine("All stores are at the newest schema.");
            return 0;
        });
        return command;
    }

    private static Command UsersCommand()
    {
        var name = new Argument<string>("name") { Description = "The user name to sign in with (letters, digits, - . _ @ +)." };
        var role = RoleOption();
        var scope = ScopeOption();
        var apiScopes = ApiScopesOption();
        var add = new Command("add", "Adds a user and prints a generated password once (an integration client: an API key).") { name, role, scope, apiScopes };
        add.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(parse);
            await MigrateAsync(services, cancellationToken);
            return await AddAsync(services, parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(scope)!, parse.GetValue(apiScopes) ?? []);
        });
        var list = new Command("list", "Lists the users with their role and scope.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(parse);
            await MigrateAsync(services, cancellationToken);
            await using var scopeServices = services.CreateAsyncScope();
            var users = scopeServices.ServiceProvider.GetRequiredService<UserManager<CommandCenterUser>>();
            foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken))
            {
                Console.WriteLine($"{user.UserName,-32} {user.Role,-12} {user.Scope}{(user.ApiScopes.Length > 0 ? $"  api: {user.ApiScopes}" : "")}");
            }

            return 0;
        });
        var users = new Command("users", "Manages who may sign in.") { add, list };
        users.Subcommands.Add(ChangeCommand("reset-password", "Gives the user a new generated password, printed once; their sessions end.", (admin, actor, user, _) => admin.ResetPasswordAsync(actor, user)));
        users.Subcommands.Add(ChangeCommand("revoke", "Ends every session of the user within a minute (pages, API calls, consoles, walls).", (admin, actor, user, _) => admin.RevokeSessionsAsync(actor, user)));
        users.Subcommands.Add(ChangeCommand("lock", "Locks the user out (only an admin ever does) and ends their sessions.", (admin, actor, user, _) => admin.SetLockedAsync(actor, user, true)));
        users.Subcommands.Add(ChangeCommand("unlock", "Lets a locked user sign in again.", (admin, actor, user, _) => admin.SetLockedAsync(actor, user, false)));
        var newRole = RoleOption();
        var newScope = ScopeOption();
        var newApiScopes = ApiScopesOption();
        users.Subcommands.Add(ChangeCommand(
            "set-role",
            "Gives the user another role and scope, checked as for a new user (an integration client keeps its role and may get other API scopes); their sessions end, so they sign in again with the new rights.",
            (admin, actor, user, parse) => admin.ChangeRoleAsync(actor, user, parse.GetValue(newRole)!, parse.GetValue(newScope)!, parse.GetValue(newApiScopes) ?? []),
            newRole, newScope, newApiScopes));
        users.Subcommands.Add(ChangeCommand(
            "reset-second-factor",
            $"Turns the user's second factor off and replaces their authenticator key (a lost phone); their sessions end. They set it up again at {ConsoleRoutes.Security}; an admin must before the administration pages open.",
            (admin, actor, user, _) => admin.ResetSecondFactorAsync(actor, user)));
        users.Subcommands.Add(ChangeCommand("revoke-keys", "Revokes every API key of an integration client: refused from the next request, live-hub connections closed within a minute.", (admin, actor, user, _) => admin.RevokeApiKeysAsync(actor, user)));
        return users;
    }

    private static Option<string> RoleOption() => new("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };

    private static Option<string> ScopeOption() => new("--scope")
    {
        Description = "city, district/<id>, street/<id>, community/<id>, grid/<id>, firm/<id>, unit/<id> or department/<id>, as the role allows.",
        Required = true,
    };

    // One value per --api-scope (repeat it for several): taking several would swallow the settings after it (--Data:Path=…).
    private static Option<string[]> ApiScopesOption() => new("--api-scope")
    {
        Description = $"For an integration client, an API scope it may use (repeat for several): {string.Join(", ", ApiScopes.All)}.",
    };

    /// <summary>A command that makes one change to one existing user through <see cref="UserAdministration"/>; <paramref name="options"/> are what the change reads besides the name.</summary>
    private static Command ChangeCommand(
        string verb, string description, Func<UserAdministration, AuditActor, string, ParseResult, Task<AdministrationResult>> change, params Option[] options)
    {
        var name = new Argument<string>("name") { Description = "The user name." };
        var command = new Command(verb, description) { name };
        foreach (var option in options)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = Build(parse);
            await MigrateAsync(services, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var user = parse.GetValue(name)!;
            var result = await change(scope.ServiceProvider.GetRequiredService<UserAdministration>(), AuditActor.HostAccount(), user, parse);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync($"{verb} {user}: not done: {string.Join("; ", result.Problems)}.");
                return 2;
            }

            Console.WriteLine(result.Secret is { } secret ? $"{verb} {user}: done. New password, shown only now: {secret}" : $"{verb} {user}: done.");
            return 0;
        });
        return command;
    }

    private static async Task<int> AddAsync(ServiceProvider services, string name, string role, string scope, string[] apiScopes)
    {
        await using var scopeServices = services.CreateAsyncScope();
        var result = await scopeServices.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(AuditActor.HostAccount(), name, role, scope, apiScopes);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"User {name} not added: {string.Join("; ", result.Problems)}.");
            return 2;
        }

        Console.WriteLine(role == Roles.Integration
            ? $"Added integration client {name} ({string.Join(", ", apiScopes)}). Its API key, shown only now: {result.Secret}"
            : $"Added {name} ({role}, {scope}). Password, shown only now: {result.Secret}");
        if (role == Roles.Admin)
        {
            Console.WriteLine($"An admin turns on a second factor at {ConsoleRoutes.Security} before the administration pages open.");
        }

        return 0;
    }

    private static ServiceProvider Build(ParseResult parse) => Build([.. parse.UnmatchedTokens]);

    /// <summary>The services the commands use, with the server's settings (<c>--Data:Path=…</c>); tests build the same.</summary>
    internal static ServiceProvider Build(string[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(settings)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        services.AddSingleton(TimeProvider.System);
        // Refusals are in the host's UI culture, as the server's are in the request's.
        services.AddLocalization();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section);
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section);
        services.AddCityDirectory();
        services.AddRelationalStore<IdentityStore, SqliteIdentityStore, PostgresIdentityStore>(configuration, IdentityStore.Name);
        // Identity's token providers need a protector; nothing the commands do is protected with it.
        services.AddDataProtection();
        services.AddIdentityStores();
        services.AddAuditLog(configuration);
        services.AddTicketArchiveStore(configuration);
        services.AddNotificationStore(configuration);
        services.AddElevatorHistoryStore(configuration);
        services.AddReferralStore(configuration);
        services.AddPointsStore(configuration);
        services.AddPropertyFirmStore(configuration);
        return services.BuildServiceProvider();
    }

    internal static Task MigrateAsync(ServiceProvider services, CancellationToken cancellationToken) =>
        RelationalStoreMigrator.MigrateAllAsync(
            services, services.GetServices<RelationalStore>(), services.GetRequiredService<ILoggerFactory>().CreateLogger("migrate"), cancellationToken);
}
