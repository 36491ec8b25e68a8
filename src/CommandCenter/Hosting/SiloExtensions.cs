using CommandCenter.Cluster;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Storage;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Broker;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace CommandCenter.Hosting;

public static class SiloExtensions
{
    /// <summary>
    /// The Orleans silo in this process: alone on localhost with state in SQLite, or one of several
    /// silos sharing PostgreSQL (see <see cref="ClusterMode"/>).
    /// </summary>
    public static WebApplicationBuilder AddCommandCenterSilo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.Section).ValidateDataAnnotations()
            .Validate<IOptions<MqttBrokerOptions>>(
                (silo, mqtt) => silo.ClusterMode != ClusterMode.Postgres || mqtt.Value.Mode == MqttMode.External || silo.BrokerPerSilo,
                "ClusterMode Postgres needs Mqtt:Mode External (devices publish to one broker that every silo's ingest shares), or Orleans:BrokerPerSilo=true (each silo's embedded broker takes its own share of the devices)")
            .ValidateOnStart();

        // Cookies signed by one silo must be readable by every other, whichever machine it runs on.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("CommandCenter");

        // The silo is configured before the container exists, so its settings are read from configuration directly.
        var silo = builder.Configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions();
        var data = builder.Configuration.GetSection(DataOptions.Section).Get<DataOptions>() ?? new DataOptions();
        builder.UseOrleans(orleans =>
        {
            if (silo.ClusterMode == ClusterMode.Postgres && !string.IsNullOrWhiteSpace(silo.PostgresConnectionString))
            {
                var mqtt = builder.Configuration.GetSection(MqttBrokerOptions.Section).Get<MqttBrokerOptions>() ?? new MqttBrokerOptions();
                orleans.UsePostgresCluster(silo, ingestClientId: mqtt.ClientId, adoptIngestSessions: mqtt.Mode == MqttMode.External);
                if (silo.Tls.IsConfigured)
                {
                    orleans.UseMutualTls(silo.Tls, siloName: mqtt.ClientId);
                }

                dataProtection.PersistKeysToPostgres(silo.PostgresConnectionString);
            }
            else
            {
                orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
                orleans.AddSqliteGrainStorage(StorageNames.Grains, o => o.DatabasePath = data.Combine("grains.db"));

                // With the rest of the data, not in the service account's home: a restart (or a restore) keeps
                // everyone signed in and every paired wall paired.
                // The folder is the owner's alone: whoever reads the keys can forge any session.
                var keys = data.Combine("keys");
                if (!OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
            }

            // How fast a dead silo is noticed (Orleans:MembershipTiming:ProbeTimeout, NumMissedProbesLimit, ...).
            orleans.Services.AddOptions<ClusterMembershipOptions>().BindConfiguration($"{SiloOptions.Section}:MembershipTiming");
            orleans.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));

            orleans.Configure<GrainDirectoryOptions>(o => o.CacheSize = silo.DirectoryCacheSize);

            // The Orleans Dashboard's silo side on every silo; its pages are mapped for admins (OpsExtensions.MapOps).
            // It profiles grain calls only while someone looks at it. Its live log stream stays off: the logs go
            // to the log shippers, and a stream held open by a browser would hold every log line up.
            orleans.AddDashboard(dashboard => dashboard.HideTrace = true);
        });
        return builder;
    }
}
