using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;

namespace CommandCenter.Tests.Cluster;

/// <summary>Command center processes started as silos of one cluster: PostgreSQL, devices on Mosquitto, the demo city.</summary>
internal static class ClusterHosts
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>Starts a silo whose ingest joins the shared subscription as <c>cc-ingest-{name}</c>.</summary>
    public static Task<CommandCenterProcess> StartSiloAsync(
        string name, PostgresServer postgres, MosquittoServer broker, InfluxServer influx, string cityFolder, params string[] extraArguments) =>
        CommandCenterProcess.StartAsync(
            influx.Url,
            [
                "--Orleans:ClusterMode=Postgres",
                $"--Orleans:PostgresConnectionString={postgres.ConnectionString}",
                "--Mqtt:Mode=External",
                $"--Mqtt:ExternalHost={broker.Host}",
                $"--Mqtt:ExternalPort={broker.Port}",
                $"--Mqtt:ClientId=cc-ingest-{name}",
                $"--City:Path={Path.Combine(cityFolder, CityTopologyFile.FileName)}",
                .. extraArguments,
            ]);

    /// <summary>Waits until the silo's <c>/health</c> counts this many active silos in the cluster.</summary>
    public static Task WaitForActiveSilosAsync(CommandCenterProcess host, int count) =>
        Eventually.TrueAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/health", TestContext.Current.CancellationToken))
                .GetProperty("parts").GetProperty("silo").GetProperty("detail").GetString() == $"{count} active silo(s)",
            Deadline,
            $"{count} active silo(s) in the cluster");
}
