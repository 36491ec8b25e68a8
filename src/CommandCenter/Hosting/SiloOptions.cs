using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CommandCenter.Hosting;

/// <summary>How the silos of one command center find each other and where they keep grain state.</summary>
/// <remarks>Not named <c>Clustering</c>: Orleans reads <c>Orleans:Clustering</c> itself, as a provider section.</remarks>
public enum ClusterMode
{
    /// <summary>One silo on this machine; grain state in <c>grains.db</c> in the data folder.</summary>
    Localhost,

    /// <summary>
    /// Any number of silos; membership, grain state, reminders and the cookie key ring in PostgreSQL,
    /// through the Orleans ADO.NET providers.
    /// </summary>
    Postgres,
}

/// <summary>The Orleans silo hosted in this process.</summary>
public sealed class SiloOptions : IValidatableObject
{
    public const string Section = "Orleans";

    [Required]
    public string ClusterId { get; set; } = "commandcenter";

    [Required]
    public string ServiceId { get; set; } = "commandcenter";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for external Orleans clients.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public ClusterMode ClusterMode { get; set; } = ClusterMode.Localhost;

    /// <summary>Npgsql connection string of the cluster database; required with <see cref="ClusterMode.Postgres"/>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The address other silos reach this one at; with several machines, this machine's address on their network.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Mutual TLS between silos; required with <see cref="ClusterMode.Postgres"/>.</summary>
    public Cluster.SiloTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Cluster mode with <c>Mqtt:Mode=Embedded</c>: every silo runs its own embedded broker and takes the devices sent
    /// to it (split by DNS or a TCP load balancer). Devices only publish, so no silo needs another's sessions, and ingest
    /// reaches grains cluster-wide. Off by default: a cluster's devices publish to one external broker that every silo's
    /// ingest shares, so a device never depends on one silo. Used by <c>./bench.sh --full</c>, where no single process
    /// may hold the whole city's sockets.
    /// </summary>
    public bool BrokerPerSilo { get; set; }

    /// <summary>
    /// Grains whose silo each silo remembers. Orleans sizes the cache's table for its default of a million up front,
    /// 18 MB per silo before any device connects; a city of Yinchuan's size has a few tens of thousands of grains. A
    /// grain missing from the cache costs one directory lookup, nothing more.
    /// </summary>
    [Range(1_000, 10_000_000)]
    public int DirectoryCacheSize { get; set; } = 100_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enum.IsDefined(ClusterMode))
        {
            yield return new ValidationResult($"ClusterMode must be {string.Join(" or ", Enum.GetNames<ClusterMode>())}", [nameof(ClusterMode)]);
        }

        if (ClusterMode == ClusterMode.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("PostgresConnectionString is required when ClusterMode is Postgres", [nameof(PostgresConnectionString)]);
        }

        if (ClusterMode == ClusterMode.Postgres)
        {
            foreach (var problem in Tls.Validate($"{Section}:{nameof(Tls)}"))
            {
                yield return problem;
            }
        }

        if (!IPAddress.TryParse(AdvertisedAddress, out _))
        {
            yield return new ValidationResult($"AdvertisedAddress must be an IP address, got '{AdvertisedAddress}'", [nameof(AdvertisedAddress)]);
        }
    }
}
