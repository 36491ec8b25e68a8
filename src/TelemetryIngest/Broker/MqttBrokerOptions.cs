using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>The MQTT broker embedded in the command center process.</summary>
public sealed class MqttBrokerOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    /// <summary>TCP port devices connect to.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>IPv4 address to listen on; 127.0.0.1 keeps the broker private to this machine.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            yield return new ValidationResult($"'{BindAddress}' is not an IPv4 address", [nameof(BindAddress)]);
        }
    }
}
