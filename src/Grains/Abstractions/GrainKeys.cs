namespace CommandCenter.Grains.Abstractions;

/// <summary>Well-known keys of singleton grains, defined once for callers and tests (areas are keyed by <see cref="AreaKeys"/>).</summary>
public static class GrainKeys
{
    /// <summary>The city-wide elevator directory.</summary>
    public const long ElevatorDirectory = 0;

    /// <summary>The registry of per-silo live observers.</summary>
    public const long LiveObserverRegistry = 0;

    /// <summary>The index of every alarm, open and closed.</summary>
    public const long AlarmIndex = 0;

    /// <summary>The ticket desk, where work orders are reported (a stateless worker: the key only names it).</summary>
    public const long TicketDesk = 0;

    /// <summary>The counter that numbers work orders.</summary>
    public const long TicketNumbers = 0;

    /// <summary>Orleans' own management grain.</summary>
    public const long Management = 0;
}

/// <summary>Names of grain storage providers, shared by grains and the silo configuration.</summary>
public static class StorageNames
{
    /// <summary>Durable grain state: SQLite under the data folder by default, PostgreSQL in a cluster.</summary>
    public const string Grains = "grains";
}
