namespace CommandCenter.Grains.Abstractions;

/// <summary>Well-known keys of singleton grains, defined once for callers and tests.</summary>
public static class GrainKeys
{
    /// <summary>The city-wide elevator directory.</summary>
    public const long ElevatorDirectory = 0;

    /// <summary>The registry of per-silo live observers.</summary>
    public const long LiveObserverRegistry = 0;

    /// <summary>The per-silo live notifier (a stateless worker; the key only names it).</summary>
    public const long LiveNotifier = 0;
}

/// <summary>Names of grain storage providers, shared by grains and the silo configuration.</summary>
public static class StorageNames
{
    /// <summary>Durable grain state: SQLite under the data folder by default, PostgreSQL in a cluster.</summary>
    public const string Grains = "grains";
}
