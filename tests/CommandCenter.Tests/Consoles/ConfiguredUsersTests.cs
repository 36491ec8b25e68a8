using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>Users from configuration replace the demo users; a broken list stops start-up with every problem named.</summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class ConfiguredUsersTests(ConsoleHostFixture fixture) : IDisposable
{
    private readonly string _dataFolder = TestCity.CreateDataFolder();

    [Fact]
    public async Task Start_UsersConfigured_OnlyThoseSignInAndNoDemoUsersAreWritten()
    {
        var (firm, _) = TestCity.TwoBusiestFirms();
        await using var host = await CommandCenterProcess.StartAsync(
            fixture.Influx.Url,
            $"--Data:Path={_dataFolder}",
            "--Users:0:Name=duty-officer", $"--Users:0:PasswordHash={ConsoleSignIn.IdentityV3Hash("desk-secret")}", "--Users:0:Role=operator",
            "--Users:1:Name=lift-crew", $"--Users:1:PasswordHash={ConsoleSignIn.IdentityV3Hash("crew-secret")}", "--Users:1:Role=firm", $"--Users:1:FirmId={firm}");

        var crew = await ConsoleSignIn.SignInAsync(host.BaseUrl, "lift-crew", "crew-secret");
        await ConsoleSignIn.SignInAsync(host.BaseUrl, "duty-officer", "desk-secret");
        await using var console = await LiveClient.ConnectAsync(host.BaseUrl, crew);
        var snapshot = await console.JoinFirmAsync(null);

        snapshot.GetProperty("firmId").GetString().ShouldBe(firm);
        File.Exists(Path.Combine(_dataFolder, ConsoleSignIn.DemoUsersFile)).ShouldBeFalse();
        await Should.ThrowAsync<InvalidOperationException>(() => ConsoleSignIn.SignInAsync(host.BaseUrl, "operator", "anything"));
        host.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task Start_UsersBroken_FailsNamingEveryProblem()
    {
        var failure = await Should.ThrowAsync<Exception>(() => CommandCenterProcess.StartAsync(
            fixture.Influx.Url,
            $"--Data:Path={_dataFolder}",
            "--Users:0:Name=boss", "--Users:0:PasswordHash=hunter2", "--Users:0:Role=admin",
            "--Users:1:Name=crew", $"--Users:1:PasswordHash={ConsoleSignIn.IdentityV3Hash("x")}", "--Users:1:Role=firm", "--Users:1:FirmId=FIRM-NOPE"));

        failure.Message.ShouldContain("Users:0:PasswordHash is not an ASP.NET Core Identity v3 password hash");
        failure.Message.ShouldContain("Users:0:Role 'admin' is not 'operator' or 'firm'");
        failure.Message.ShouldContain("Users:1:FirmId 'FIRM-NOPE' is not a firm of the city");
    }

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);
}
