using System.Net;
using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SiloOptions = CommandCenter.Hosting.SiloOptions;
using Orleans.Serialization;
using Orleans.Storage;

namespace CommandCenter.Cluster;

/// <summary>Cluster mode: Orleans membership, grain state and reminders in PostgreSQL through the ADO.NET providers.</summary>
public static class PostgresClusterExtensions
{
    /// <summary>The ADO.NET provider invariant of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <param name="ingestClientId">This silo's MQTT client id: the silo is named after it, so survivors know which broker session to take over when it dies.</param>
    /// <param name="adoptIngestSessions">
    /// Behind an external broker a dead silo's session there is taken over by a survivor; a silo with its own embedded
    /// broker leaves no session behind (its devices reconnect elsewhere), so there is nothing to adopt.
    /// </param>
    public static ISiloBuilder UsePostgresCluster(this ISiloBuilder orleans, SiloOptions silo, string ingestClientId, bool adoptIngestSessions)
    {
        var connectionString = silo.PostgresConnectionString!;
        orleans.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = silo.ClusterId;
            o.ServiceId = silo.ServiceId;
        });
        orleans.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = ingestClientId);
        if (adoptIngestSessions)
        {
            orleans.Services.AddHostedService<IngestSessionAdoption>();
        }

        orleans.ConfigureEndpoints(IPAddress.Parse(silo.AdvertisedAddress), silo.SiloPort, silo.GatewayPort);
        orleans.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => new PostgresSchemaParticipant(
            connectionString, services.GetRequiredService<ILogger<PostgresSchemaParticipant>>()));
        orleans.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        orleans.AddAdoNetGrainStorage(StorageNames.Grains, o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });

        // Same serializer as the single-silo SQLite storage (see SqliteGrainStorageExtensions): the default JSON one
        // cannot read back every grain state this application writes.
        orleans.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Grains)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        orleans.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        return orleans;
    }

    /// <summary>Keeps the cookie key ring in the cluster database, so a cookie from one silo is good at every other.</summary>
    public static IDataProtectionBuilder PersistKeysToPostgres(this IDataProtectionBuilder builder, string connectionString)
    {
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(
            o => o.XmlRepository = new PostgresXmlRepository(connectionString, services.GetRequiredService<ILogger<PostgresXmlRepository>>())));
        return builder;
    }

    /// <summary>Applies the cluster schema before membership, storage or reminders touch the database.</summary>
    private sealed class PostgresSchemaParticipant(string connectionString, ILogger<PostgresSchemaParticipant> logger)
        : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(PostgresSchemaParticipant), ServiceLifecycleStage.First,
                cancellationToken => PostgresClusterSchema.EnsureAsync(connectionString, logger, cancellationToken));
    }
}
