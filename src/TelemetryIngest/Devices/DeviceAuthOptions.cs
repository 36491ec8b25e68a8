namespace CommandCenter.TelemetryIngest.Devices;

/// <summary>How devices connecting to the embedded broker are authenticated.</summary>
public sealed class DeviceAuthOptions
{
    public const string Section = "Devices";

    /// <summary>
    /// The device registry file; relative to the data folder. Without it every connection is refused,
    /// unless <see cref="AllowUnregistered"/> is set.
    /// </summary>
    public string RegistryFile { get; set; } = "devices.json";

    /// <summary>
    /// Development only: accept any client without credentials and skip topic ACLs (payload
    /// validation still applies). Never set this on a broker reachable from outside.
    /// </summary>
    public bool AllowUnregistered { get; set; }
}
