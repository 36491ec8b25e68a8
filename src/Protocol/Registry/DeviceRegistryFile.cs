using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>What a registered device is; decides which topics it may publish on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeviceKind>))]
public enum DeviceKind
{
    /// <summary>A lift (traction or hydraulic): publishes on <c>cc/v1/elevators/…</c>.</summary>
    [JsonStringEnumMemberName("elevator")] Elevator,
    [JsonStringEnumMemberName("berth")] Berth,
    [JsonStringEnumMemberName("lot")] Lot,
    [JsonStringEnumMemberName("app")] App,

    /// <summary>An escalator or moving walk: publishes on <c>cc/v1/escalators/…</c>.</summary>
    [JsonStringEnumMemberName("escalator")] Escalator,
}

/// <summary>
/// The device registry file (<c>devices.json</c> in the data folder): who may connect, with which
/// secret (stored salted and hashed), and for apps which elevators and user units they serve; and the
/// devices a city import retired (<see cref="Retired"/>, absent in files from before imports), so their
/// refusals say why.
/// </summary>
public sealed record DeviceRegistryFile(int Version, IReadOnlyList<DeviceRegistration> Devices, IReadOnlyList<RetiredDevice>? Retired = null)
{
    public const int CurrentVersion = 1;
}

/// <summary>A device an imported city file no longer has: it may not connect or publish, and its refusal names when and why.</summary>
/// <param name="Id">Device id.</param>
/// <param name="Kind">What it was registered as.</param>
/// <param name="RetiredAt">When the import was applied.</param>
/// <param name="Reason">Which import retired it (the city file's archive name), for the operator reading the refusal.</param>
public sealed record RetiredDevice(string Id, DeviceKind Kind, DateTimeOffset RetiredAt, string Reason);

/// <summary>One device or handheld app.</summary>
/// <param name="Id">Device id; the MQTT username and the id in its topics.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Salt">Random salt of the secret hash (hex).</param>
/// <param name="SecretSha256">SHA-256 of salt + ":" + secret (hex).</param>
/// <param name="Elevators">Apps only: elevators whose records this app may file.</param>
/// <param name="Units">Apps only: user units whose monthly minutes this app may file.</param>
public sealed record DeviceRegistration(
    string Id,
    DeviceKind Kind,
    string Salt,
    string SecretSha256,
    IReadOnlyList<string>? Elevators = null,
    IReadOnlyList<string>? Units = null);

/// <summary>
/// Plain-text credentials of the generated demo city (<c>demo-credentials.json</c> in the data
/// folder), so a person can publish as a device with mosquitto_pub. Never produced for a real city.
/// </summary>
public sealed record DemoCredentialsFile(string Note, IReadOnlyList<DemoCredential> Devices);

/// <summary>One device's username (its id) and password.</summary>
public sealed record DemoCredential(string Id, DeviceKind Kind, string Secret);

/// <summary>
/// Device secrets are random 128-bit tokens, not human passwords, so one salted SHA-256 is enough
/// and keeps CONNECT cheap when a whole city reconnects at once.
/// </summary>
public static class DeviceSecrets
{
    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string Hash(string salt, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{salt}:{secret}")));

    public static DeviceRegistration Register(string id, DeviceKind kind, string secret, IReadOnlyList<string>? elevators = null, IReadOnlyList<string>? units = null)
    {
        var salt = NewSalt();
        return new DeviceRegistration(id, kind, salt, Hash(salt, secret), elevators, units);
    }

    public static bool Verify(DeviceRegistration device, string? secret) =>
        secret is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Hash(device.Salt, secret)), Encoding.ASCII.GetBytes(device.SecretSha256.ToLowerInvariant()));

    /// <summary>The message kinds a device of this kind may publish.</summary>
    public static bool MayPublish(DeviceKind device, MessageKind message) => (device, message) switch
    {
        (_, MessageKind.Presence) => true,
        (DeviceKind.Elevator, MessageKind.ElevatorStatus or MessageKind.ElevatorEvent) => true,
        (DeviceKind.Escalator, MessageKind.EscalatorStatus or MessageKind.EscalatorEvent) => true,
        (DeviceKind.Berth, MessageKind.BerthState) => true,
        (DeviceKind.Lot, MessageKind.LotGate) => true,
        (DeviceKind.App, MessageKind.DailyCheck or MessageKind.WeeklyInvestigation or MessageKind.MonthlyScheduling or MessageKind.Maintenance) => true,
        _ => false,
    };
}
