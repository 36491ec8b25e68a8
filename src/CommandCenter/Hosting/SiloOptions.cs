using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Hosting;

/// <summary>The Orleans silo hosted in this process.</summary>
public sealed class SiloOptions
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
}
