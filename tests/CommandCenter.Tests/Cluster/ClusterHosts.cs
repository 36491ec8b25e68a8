using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Cluster;

/// <summary>
/// Command center processes started as silos of one cluster, set up as <c>run.sh --cluster</c> sets them up:
/// PostgreSQL with scram-sha-256 and a database owned by a role that is not a superuser, Mosquitto with a device
/// listener (client id = user name, per-kind ACLs) and a loopback ingest listener the silos use, the demo city.
/// </summary>
internal static class ClusterHosts
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Every device of the test registry and of the demo city, with its test secret.</summary>
    public static IReadOnlyList<DemoCredential> Devices { get; } = TestDevices.Credentials(TestDevices.Registry(TestCity.Demo));

    /// <summary>PostgreSQL as <c>run.sh --cluster</c> runs it: the silos connect as the database's owner role with a password.</summary>
    public static Task<PostgresServer> StartPostgresAsync() => PostgresServer.StartWithOwnerRoleAsync();

    /// <summary>Mosquitto as <c>run.sh --cluster</c> configures it, for every device of <see cref="Devices"/>.</summary>
    public static Task<MosquittoServer> StartBrokerAsync() => MosquittoServer.StartForClusterAsync(Devices);

    /// <summary>Starts a silo whose ingest joins the shared subscription as <c>cc-ingest-{name}</c> on the broker's ingest listener.</summary>
    public static Task<CommandCenterProcess> StartSiloAsync(
        string name, PostgresServer postgres, MosquittoServer broker, InfluxServer influx, string cityFolder, params string[] extraArguments) =>
        CommandCenterProcess.StartAsync(
            influx.Url,
            [
                "--Orleans:ClusterMode=Postgres",
                $"--Orleans:PostgresConnectionString={postgres.ConnectionString}",
                "--Mqtt:Mode=External",
                $"--Mqtt:ExternalHost={broker.Host}",
                $"--Mqtt:ExternalPort={broker.IngestPort}",
                .. broker.IngestUsername is { } user ? [$"--Mqtt:ExternalUsername={user}", $"--Mqtt:ExternalPassword={broker.IngestPassword}"] : Array.Empty<string>(),
                $"--Mqtt:ClientId=cc-ingest-{name}",
                $"--City:Path={Path.Combine(cityFolder, CityTopologyFile.FileName)}",
                // The city's devices, not only the test registry the process writes into its own data folder.
                $"--Devices:RegistryFile={Path.Combine(cityFolder, "devices.json")}",
                // Mutual TLS between the silos: the first makes the cluster CA, each its own certificate.
                $"--Orleans:Tls:DemoAuthorityFolder={ClusterAuthorityFolder(cityFolder)}",
                .. extraArguments,
            ]);

    /// <summary>Where the silos of a test cluster keep their cluster CA and certificates.</summary>
    public static string ClusterAuthorityFolder(string cityFolder) => Path.Combine(cityFolder, "tls-cluster");

    /// <summary>Waits until the silo's <c>/health</c> counts this many active silos in the cluster.</summary>
    public static Task WaitForActiveSilosAsync(CommandCenterProcess host, int count) =>
        Eventually.TrueAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/health", TestContext.Current.CancellationToken))
                .GetProperty("parts").GetProperty("silo").GetProperty("detail").GetString() == $"{count} active silo(s)",
            Deadline,
            $"{count} active silo(s) in the cluster");
}
