using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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

    /// <summary>After a short batch, the writer waits this long so the next batch can fill.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Compress write bodies with gzip.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Which HTTP API the server speaks; <see cref="InfluxApiVersion.Auto"/> asks its <c>/ping</c>.</summary>
    public InfluxApiVersion Version { get; set; } = InfluxApiVersion.Auto;

    /// <summary>API token (2.x); required when <see cref="Version"/> is V2.</summary>
    public string? Token { get; set; }

    /// <summary>Organization name (2.x); required when <see cref="Version"/> is V2.</summary>
    public string? Org { get; set; }

    /// <summary>Bucket (2.x) that holds the series; when unset, <see cref="Database"/> names it.</summary>
    public string? Bucket { get; set; }
}

/// <summary>Rules that span several <see cref="InfluxOptions"/> properties; reports every broken one at once.</summary>
public sealed class InfluxOptionsValidator : IValidateOptions<InfluxOptions>
{
    public ValidateOptionsResult Validate(string? name, InfluxOptions options)
    {
        var errors = new List<string>();
        if (options.Version == InfluxApiVersion.V2)
        {
            if (string.IsNullOrWhiteSpace(options.Token))
            {
                errors.Add($"{InfluxOptions.Section}:{nameof(InfluxOptions.Token)} is required when {InfluxOptions.Section}:{nameof(InfluxOptions.Version)} is V2.");
            }

            if (string.IsNullOrWhiteSpace(options.Org))
            {
                errors.Add($"{InfluxOptions.Section}:{nameof(InfluxOptions.Org)} is required when {InfluxOptions.Section}:{nameof(InfluxOptions.Version)} is V2.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
