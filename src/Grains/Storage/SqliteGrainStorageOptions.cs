namespace CommandCenter.Grains.Storage;

/// <summary>Options of one <see cref="SqliteGrainStorage"/> provider, named after the provider.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The SQLite database file; relative paths are from the working directory, missing folders are created.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>Most state operations committed in one transaction; more waiting operations go into the next.</summary>
    public int MaxBatchSize { get; set; } = 1024;
}
