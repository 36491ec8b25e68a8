using System.ComponentModel.DataAnnotations;
using System.Net;

namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>Which MQTT broker devices publish to.</summary>
public enum MqttMode
{
    /// <summary>An MQTTnet broker inside the command center process (the default: nothing else to run).</summary>
    Embedded,

    /// <summary>
    /// An external MQTT 5 broker (Mosquitto, EMQX); ingest joins it as a client in a shared subscription,
    /// so several command center instances split the stream.
    /// </summary>
    External,
}

/// <summary>
/// MQTT for ingest: the broker embedded in the command center process, or a client of an external broker.
/// </summary>
public sealed class MqttBrokerOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    /// <summary>TCP port devices connect to.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    /// <summary>IPv4 address to listen on; 127.0.0.1 keeps the broker private to this machine.</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Embedded broker, or a client of an external one.</summary>
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>Host name or address of the external broker.</summary>
    public string ExternalHost { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the external broker.</summary>
    public int ExternalPort { get; set; } = 1883;

    /// <summary>User name ingest logs in to the external broker with; none for anonymous access.</summary>
    public string? ExternalUsername { get; set; }

    /// <summary>Password for <see cref="ExternalUsername"/>.</summary>
    public string? ExternalPassword { get; set; }

    /// <summary>
    /// Share name of the MQTT 5 shared subscription: instances with the same group split the messages
    /// between them, each message going to one of them.
    /// </summary>
    public string SharedSubscriptionGroup { get; set; } = "cc-ingest";

    /// <summary>
    /// MQTT client id at the external broker; it names the session the broker keeps while ingest is away.
    /// Give each instance a stable one in production so a restarted instance resumes its session.
    /// </summary>
    public string ClientId { get; set; } = $"cc-ingest-{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// How long the external broker keeps ingest's session, and queues its share of the messages,
    /// after the connection drops.
    /// </summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The same settings under another client id: how a survivor connects as a dead instance's session.</summary>
    public MqttBrokerOptions WithClientId(string clientId)
    {
        var copy = (MqttBrokerOptions)MemberwiseClone();
        copy.ClientId = clientId;
        return copy;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            yield return new ValidationResult($"'{BindAddress}' is not an IPv4 address", [nameof(BindAddress)]);
        }

        if (!Enum.IsDefined(Mode))
        {
            yield return new ValidationResult($"Mode must be {string.Join(" or ", Enum.GetNames<MqttMode>())}", [nameof(Mode)]);
        }

        if (Mode != MqttMode.External)
        {
            yield break;
        }

        // Everything below only matters for the external broker; these checks are yielded together
        // so an operator sees every mistake of a configuration in one start-up attempt.
        if (string.IsNullOrWhiteSpace(ExternalHost))
        {
            yield return new ValidationResult("ExternalHost is required when Mode is External", [nameof(ExternalHost)]);
        }

        if (ExternalPort is < 1 or > 65535)
        {
            yield return new ValidationResult($"ExternalPort {ExternalPort} is not between 1 and 65535", [nameof(ExternalPort)]);
        }

        if (string.IsNullOrEmpty(ExternalUsername) && !string.IsNullOrEmpty(ExternalPassword))
        {
            yield return new ValidationResult("ExternalPassword is set but ExternalUsername is not", [nameof(ExternalUsername), nameof(ExternalPassword)]);
        }

        // MQTT 5 (4.8.2): a share name is at least one character and has no '/', '+' or '#'.
        if (string.IsNullOrEmpty(SharedSubscriptionGroup) || SharedSubscriptionGroup.IndexOfAny(['/', '+', '#']) >= 0)
        {
            yield return new ValidationResult(
                $"SharedSubscriptionGroup '{SharedSubscriptionGroup}' must be non-empty and contain no '/', '+' or '#'",
                [nameof(SharedSubscriptionGroup)]);
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("ClientId is required when Mode is External", [nameof(ClientId)]);
        }

        // MQTT carries the session expiry as whole seconds in 32 bits.
        if (SessionExpiry < TimeSpan.FromSeconds(1) || SessionExpiry.TotalSeconds > uint.MaxValue)
        {
            yield return new ValidationResult($"SessionExpiry {SessionExpiry} is not between 1 second and {uint.MaxValue} seconds", [nameof(SessionExpiry)]);
        }
    }
}
