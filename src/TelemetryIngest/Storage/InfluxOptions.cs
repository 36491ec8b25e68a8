using System.ComponentModel.DataAnnotations;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>Where time series go and how they are batched.</summary>
public sealed class InfluxOptions
{
    public const string Section = "Influx";

    /// <summary>Base URL of the InfluxDB HTTP API.</summary>
    [Required, Url]
    public string Url { get; set; } = "http://127.0.0.1:8086";

    /// <summary>Database (1.x) that holds the series; created on start when missing.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_]+$")]
    public string Database { get; set; } = "commandcenter";

    /// <summary>Most points in one write request.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 5000;

    /// <summary>A partial batch is written after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Points held in memory waiting for a write; when full, ingest waits (back-pressure, nothing dropped).</summary>
    [Range(1000, 10_000_000)]
    public int BufferCapacity { get; set; } = 200_000;

    /// <summary>Compress write bodies with gzip.</summary>
    public bool Gzip { get; set; } = true;
}
