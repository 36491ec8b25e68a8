using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>
/// <c>Orleans:BrokerPerSilo</c>, as <c>./bench.sh --full</c> runs the whole city: every silo runs its embedded broker
/// and takes the devices that connect to it, and what a device sends reaches grains and clients cluster-wide.
/// </summary>
public sealed class BrokerPerSiloTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DevicesOnEitherSilosBroker_ReachEveryWall_AndTheFirmConsoleOnTheOtherSilo()
    {
        await using var postgres = await ClusterHosts.StartPostgresAsync();
        await using var influx = await InfluxServer.StartAsync();
        var city = TestCity.CreateDataFolder();
        try
        {
            var (firm, _) = TestCity.TwoBusiestFirms();
            var (onFirst, onSecond) = (TestCity.ElevatorsOf(firm)[0], TestCity.ElevatorsOf(firm)[1]);
            string[] firmUser =
            [
                "--Users:0:Name=firm-duty", $"--Users:0:PasswordHash={ConsoleSignIn.IdentityV3Hash("duty-secret")}",
                "--Users:0:Role=firm", $"--Users:0:Scope=firm/{firm}",
            ];
            await using var first = await StartSiloAsync("one", postgres, influx, city, firmUser);
            await using var second = await StartSiloAsync("two", postgres, influx, city, firmUser);
            await ClusterHosts.WaitForActiveSilosAsync(first, 2);
            await using var console = await LiveClient.ConnectAsync(first.BaseUrl, await ConsoleSignIn.SignInAsync(first.BaseUrl, "firm-duty", "duty-secret"));
            await console.JoinFirmAsync(null);
            await second.UseDemoUsersOfAsync(first);
            await using var firstWall = await LiveClient.ConnectAsync(first.BaseUrl, await first.CookiesOfAsync("wall"));
            await firstWall.JoinWallAsync();
            await using var secondWall = await LiveClient.ConnectAsync(second.BaseUrl, await second.CookiesOfAsync("wall"));
            await secondWall.JoinWallAsync();

            // Each device on its own silo's broker, as a load balancer in front of the silos would spread them.
            await using var firstDevice = await MqttTestClient.ConnectAsync(first.MqttPort, onFirst);
            await using var secondDevice = await MqttTestClient.ConnectAsync(second.MqttPort, onSecond);
            (await firstDevice.PublishAsync(Topics.ElevatorStatus(onFirst), StatusJson.For(onFirst, 1, floor: 12))).IsSuccess.ShouldBeTrue();
            (await secondDevice.PublishAsync(Topics.ElevatorStatus(onSecond), StatusJson.For(onSecond, 1, floor: 15))).IsSuccess.ShouldBeTrue();
            (await secondDevice.PublishAsync(Topics.For(MessageKind.ElevatorEvent, onSecond), EventJson.Raised(onSecond, 1, FaultCodes.TrappedPassenger)))
                .IsSuccess.ShouldBeTrue();

            foreach (var wall in (LiveClient[])[firstWall, secondWall])
            {
                await wall.WaitForFloorAsync(onFirst, 12, Deadline);
                await wall.WaitForFloorAsync(onSecond, 15, Deadline);
            }

            // Raised at the second silo's broker, shown on the console signed in at the first.
            await console.WaitForAlarmOfAsync(onSecond, Deadline);
        }
        finally
        {
            Directory.Delete(city, recursive: true);
        }
    }

    [Fact]
    public async Task ElevatorsReportingThroughOneSilosBroker_AreActivatedOnThatSilo()
    {
        await using var postgres = await ClusterHosts.StartPostgresAsync();
        await using var influx = await InfluxServer.StartAsync();
        var city = TestCity.CreateDataFolder();
        try
        {
            var (firm, _) = TestCity.TwoBusiestFirms();
            var elevators = TestCity.ElevatorsOf(firm).Take(12).ToArray();
            var secondSiloPort = FreePorts.Next();
            await using var first = await StartSiloAsync("one", postgres, influx, city, []);
            await using var second = await StartSiloAsync("two", postgres, influx, city, [$"--Orleans:SiloPort={secondSiloPort}"]);
            await ClusterHosts.WaitForActiveSilosAsync(first, 2);
            using var admin = await first.SignInAsync("admin");

            foreach (var elevator in elevators)
            {
                await using var device = await MqttTestClient.ConnectAsync(second.MqttPort, elevator);
                (await device.PublishAsync(Topics.ElevatorStatus(elevator), StatusJson.For(elevator, 1, floor: 3))).IsSuccess.ShouldBeTrue();
            }

            // The Orleans Dashboard counts activations per grain type and silo, cluster-wide, about once a second.
            var bySilo = new Dictionary<string, int>();
            await Eventually.TrueAsync(async () =>
            {
                bySilo = await ElevatorActivationsBySiloAsync(admin);
                return bySilo.Values.Sum() >= elevators.Length;
            }, Deadline, $"{elevators.Length} elevator activations in the dashboard's counters");

            bySilo.Keys.ShouldHaveSingleItem().ShouldContain($":{secondSiloPort}@");
            bySilo.Values.Single().ShouldBe(elevators.Length);
        }
        finally
        {
            Directory.Delete(city, recursive: true);
        }
    }

    private static async Task<Dictionary<string, int>> ElevatorActivationsBySiloAsync(HttpClient admin)
    {
        var counters = await admin.GetFromJsonAsync<JsonElement>("/orleans/DashboardCounters", TestContext.Current.CancellationToken);
        return counters.GetProperty("simpleGrainStats").EnumerateArray()
            .Where(g => g.GetProperty("grainType").GetString()!.EndsWith(".ElevatorGrain", StringComparison.Ordinal) && g.GetProperty("activationCount").GetInt32() > 0)
            .GroupBy(g => g.GetProperty("siloAddress").GetString()!)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.GetProperty("activationCount").GetInt32()));
    }

    /// <summary>A silo of the cluster with its embedded broker on a port of its own, checking devices against the city's registry.</summary>
    private static Task<CommandCenterProcess> StartSiloAsync(string name, PostgresServer postgres, InfluxServer influx, string city, string[] extra) =>
        CommandCenterProcess.StartAsync(
            influx.Url,
            [
                "--Orleans:ClusterMode=Postgres", "--Orleans:BrokerPerSilo=true",
                $"--Orleans:PostgresConnectionString={postgres.ConnectionString}",
                $"--Mqtt:ClientId=cc-ingest-{name}",
                $"--City:Path={Path.Combine(city, CityTopologyFile.FileName)}",
                $"--Devices:RegistryFile={Path.Combine(city, "devices.json")}",
                $"--Orleans:Tls:DemoAuthorityFolder={ClusterHosts.ClusterAuthorityFolder(city)}",
                .. extra,
            ]);
}
