using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// Users from configuration are seeded into the user store, without demo users unless asked for; a
/// broken list stops start-up with every problem named; a store with no users at all refuses to start.
/// Users added from the configuration or the host are in the audit log.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class ConfiguredUsersTests(ConsoleHostFixture fixture) : IDisposable
{
    private readonly string _dataFolder = TestCity.CreateDataFolder();

    [Fact]
    public async Task Start_UsersConfigured_OnlyThoseSignInAndNoDemoUsersAreWrittenAndTheAuditLogSaysWhoWasAdded()
    {
        var (firm, _) = TestCity.TwoBusiestFirms();
        await using var host = await CommandCenterProcess.StartAsync(
            fixture.Influx.Url,
            $"--Data:Path={_dataFolder}",
            "--DemoUsers=false",
            "--Users:0:Name=duty-officer", $"--Users:0:PasswordHash={ConsoleSignIn.IdentityV3Hash("desk-secret")}", "--Users:0:Role=operator", "--Users:0:Scope=city",
            "--Users:1:Name=lift-crew", $"--Users:1:PasswordHash={ConsoleSignIn.IdentityV3Hash("crew-secret")}", "--Users:1:Role=firm", $"--Users:1:Scope=firm/{firm}",
            "--Users:2:Name=auditor", $"--Users:2:PasswordHash={ConsoleSignIn.IdentityV3Hash("audit-secret")}", "--Users:2:Role=admin", "--Users:2:Scope=city");

        var crew = await ConsoleSignIn.SignInAsync(host.BaseUrl, "lift-crew", "crew-secret");
        await ConsoleSignIn.SignInAsync(host.BaseUrl, "duty-officer", "desk-secret");
        await using var console = await LiveClient.ConnectAsync(host.BaseUrl, crew);
        var snapshot = await console.JoinFirmAsync(null);
        var added = await UsersAddedAsync(host, "auditor", "audit-secret");

        snapshot.FirmId.ShouldBe(firm);
        File.Exists(Path.Combine(_dataFolder, ConsoleSignIn.DemoUsersFile)).ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => ConsoleSignIn.SignInAsync(host.BaseUrl, "operator", "anything"));
        added.ShouldBe(["configuration added auditor: admin, city", $"configuration added lift-crew: firm, firm/{firm}", "configuration added duty-officer: operator, city"], ignoreOrder: true);
        host.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_UsersBroken_FailsNamingEveryProblem()
    {
        var failure = await Should.ThrowAsync<Exception>(() => CommandCenterProcess.StartAsync(
            fixture.Influx.Url,
            $"--Data:Path={_dataFolder}",
            "--Users:0:Name=boss", "--Users:0:PasswordHash=hunter2", "--Users:0:Role=boss", "--Users:0:Scope=city",
            "--Users:1:Name=crew", $"--Users:1:PasswordHash={ConsoleSignIn.IdentityV3Hash("x")}", "--Users:1:Role=firm", "--Users:1:Scope=firm/FIRM-NOPE",
            "--Users:2:Name=desk", $"--Users:2:PasswordHash={ConsoleSignIn.IdentityV3Hash("x")}", "--Users:2:Role=operator", "--Users:2:Scope=firm/FIRM-001"));

        failure.Message.ShouldContain("Users:0:PasswordHash is not an ASP.NET Core Identity v3 password hash");
        failure.Message.ShouldContain("Users:0: role 'boss' is not one of admin, operator");
        failure.Message.ShouldContain("Users:1: scope 'firm/FIRM-NOPE': the city has no firm 'FIRM-NOPE'");
        failure.Message.ShouldContain("Users:2: scope 'firm/FIRM-001' does not fit role 'operator' (allowed: city or district/<id>)");
    }

    [Fact]
    public async Task Start_NoUsersAndNoDemo_RefusesNamingTheFirstAdminCommand()
    {
        var failure = await Should.ThrowAsync<Exception>(() => CommandCenterProcess.StartAsync(
            fixture.Influx.Url, $"--Data:Path={_dataFolder}", "--DemoUsers=false"));

        failure.Message.ShouldContain("There are no users, so nobody could sign in");
        failure.Message.ShouldContain("users add <name> --role admin --scope city");
    }

    [Fact]
    public async Task UsersAdd_FirstAdminFromTheHost_SignsInTheServerStartsAndTheAuditLogNamesTheHostAccount()
    {
        var (exitCode, output) = await CommandLine.RunAsync(
            "dotnet", Path.Combine(RepositoryPaths.CommandCenterOutput, "CommandCenter.dll"), "users", "add", "chief", "--role", "admin", "--scope", "city", $"--Data:Path={_dataFolder}");
        exitCode.ShouldBe(0, output);
        var password = System.Text.RegularExpressions.Regex.Match(output, "Password, shown only now: (\\S+)").Groups[1].Value;
        password.ShouldNotBeEmpty(output);

        await using var host = await CommandCenterProcess.StartAsync(fixture.Influx.Url, $"--Data:Path={_dataFolder}", "--DemoUsers=false");

        var added = await UsersAddedAsync(host, "chief", password);
        var (refusedCode, refusal) = await CommandLine.RunAsync(
            "dotnet", Path.Combine(RepositoryPaths.CommandCenterOutput, "CommandCenter.dll"), "users", "add", "crew", "--role", "firm", "--scope", "firm/FIRM-NOPE", $"--Data:Path={_dataFolder}");
        refusedCode.ShouldBe(2);
        refusal.ShouldContain("the city has no firm 'FIRM-NOPE'");
        added.ShouldBe([$"host:{Environment.UserName} added chief: admin, city"]);
    }

    /// <summary>Signs in as this new admin, turns on the second factor as the first sign-in asks, and reads who added which user from the audit log.</summary>
    private static async Task<List<string>> UsersAddedAsync(CommandCenterProcess host, string admin, string password)
    {
        var cookies = await ConsoleSignIn.SignInAsync(host.BaseUrl, admin, password);
        using (var withoutFactor = ConsoleSignIn.ClientFor(host.BaseUrl, cookies))
        {
            (await withoutFactor.GetAsync("/api/audit", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        }

        await ConsoleSignIn.TurnOnSecondFactorAsync(host.BaseUrl, cookies);
        using var client = ConsoleSignIn.ClientFor(host.BaseUrl, cookies);
        var page = await client.GetFromJsonAsync<JsonElement>("/api/audit?action=user-added", TestContext.Current.CancellationToken);
        return [.. page.GetProperty("items").EnumerateArray().Select(entry =>
            $"{entry.GetProperty("actor").GetString()} added {entry.GetProperty("target").GetString()}: {entry.GetProperty("detail").GetString()}")];
    }

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);
}
