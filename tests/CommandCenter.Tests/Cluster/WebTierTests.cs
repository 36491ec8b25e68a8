using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Npgsql;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>
/// Every silo serves the web tier: a user signed in at one silo is known at the others, what one silo
/// audits the others read, and live pushes reach clients on any silo.
/// </summary>
public sealed class WebTierTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FirmSignedInAtOneSilo_UsesTheOther_AndEveryWallAndTheFirmGetTheLiveChanges()
    {
        await using var postgres = await ClusterHosts.StartPostgresAsync();
        await using var broker = await ClusterHosts.StartBrokerAsync();
        await using var influx = await InfluxServer.StartAsync();
        var city = TestCity.CreateDataFolder();
        try
        {
            var (firm, _) = TestCity.TwoBusiestFirms();
            var elevator = TestCity.ElevatorsOf(firm)[0];
            string[] firmUser =
            [
                "--Users:0:Name=firm-duty", $"--Users:0:PasswordHash={ConsoleSignIn.IdentityV3Hash("duty-secret")}",
                "--Users:0:Role=firm", $"--Users:0:Scope=firm/{firm}",
            ];
            await using var first = await ClusterHosts.StartSiloAsync("one", postgres, broker, influx, city, firmUser);
            await using var second = await ClusterHosts.StartSiloAsync("two", postgres, broker, influx, city, firmUser);
            await ClusterHosts.WaitForActiveSilosAsync(first, 2);

            // The cookie comes from the first silo; the second reads it with the key ring both keep in PostgreSQL.
            var cookies = await ConsoleSignIn.SignInAsync(first.BaseUrl, "firm-duty", "duty-secret");
            await using var console = await LiveClient.ConnectAsync(second.BaseUrl, cookies);
            var joined = await console.JoinFirmAsync(null);
            joined.FirmId.ShouldBe(firm);
            (await KeysInDatabaseAsync(postgres)).ShouldBeGreaterThan(0, "the key ring is in PostgreSQL, where silos on other machines find it too");
            await second.UseDemoUsersOfAsync(first);
            using var admin = await second.SignInAsync("admin");
            var audited = await admin.GetFromJsonAsync<JsonElement>("/api/audit?target=firm-duty", TestContext.Current.CancellationToken);
            audited.GetProperty("items").EnumerateArray().Select(e => $"{e.GetProperty("action").GetString()} by {e.GetProperty("actor").GetString()}")
                .ShouldBe(["sign-in by firm-duty", "user-added by configuration"]);
            await using var firstWall = await LiveClient.ConnectAsync(first.BaseUrl, await first.CookiesOfAsync("wall"));
            await firstWall.JoinWallAsync();
            await using var secondWall = await LiveClient.ConnectAsync(second.BaseUrl, await second.CookiesOfAsync("wall"));
            await secondWall.JoinWallAsync();

            await using var device = await MqttTestClient.ConnectAsync(broker.Port, elevator);
            (await device.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 1, floor: 17))).IsSuccess.ShouldBeTrue();
            (await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, elevator), EventJson.Raised(elevator, 1, FaultCodes.TrappedPassenger)))
                .IsSuccess.ShouldBeTrue();

            // Whichever silo ingested the messages and hosts the grains, every silo's clients are told.
            await firstWall.WaitForFloorAsync(elevator, 17, Deadline);
            await secondWall.WaitForFloorAsync(elevator, 17, Deadline);
            await firstWall.WaitForAlarmOfAsync(elevator, Deadline);
            await secondWall.WaitForAlarmOfAsync(elevator, Deadline);
            await console.WaitForAlarmOfAsync(elevator, Deadline);
            console.Alarms.ShouldAllBe(alarm => alarm.FirmId == firm);
        }
        finally
        {
            Directory.Delete(city, recursive: true);
        }
    }

    private static async Task<long> KeysInDatabaseAsync(PostgresServer postgres)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM commandcenter_dataprotection_keys", connection);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
