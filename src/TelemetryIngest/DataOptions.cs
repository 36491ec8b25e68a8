using System.ComponentModel.DataAnnotations;

namespace CommandCenter.TelemetryIngest;

/// <summary>The data folder: spool, dead letters, device registry and (later) grain state live under it.</summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>Folder for everything the command center keeps on disk; relative paths are from the working directory.</summary>
    [Required]
    public string Path { get; set; } = "data";

    public string FullPath => System.IO.Path.GetFullPath(Path);

    public string Combine(string name) => System.IO.Path.Combine(FullPath, name);
}
