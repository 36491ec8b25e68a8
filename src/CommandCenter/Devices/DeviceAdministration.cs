using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.Devices;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Devices;

/// <summary>A registered device as the admin page and <c>GET /api/admin/devices</c> list it (never its secret or hash).</summary>
public sealed record DeviceRow(string Id, DeviceKind Kind, IReadOnlyList<string> Elevators, IReadOnlyList<string> Units);

/// <summary>One page of registered devices, ordered by id.</summary>
public sealed record DevicePage(int Total, IReadOnlyList<DeviceRow> Items);

/// <summary>What an admin asks to register: the id the device connects with, its kind and, for an app, what it serves.</summary>
public sealed record DeviceRequest(string? Id, DeviceKind? Kind, IReadOnlyList<string>? Elevators, IReadOnlyList<string>? Units);

/// <summary>
/// Adding devices, rotating their secrets and revoking them at run time: the one place the
/// <c>/admin/devices</c> page and <c>/api/admin/devices</c> go through. A change is written to the
/// registry file (<c>devices.json</c>, which stays the import format) and is in force at once: a new
/// device may connect, a rotated or revoked device's live session is closed. Secrets are generated
/// here, shown once, and kept only as salted hashes; every change is audited under the admin who made it.
/// A refusal says why in the caller's UI culture (<see cref="DeviceText"/>).
/// </summary>
public sealed class DeviceAdministration(
    DeviceRegistry registry, CityDirectory city, AuditLog audit, IOptions<MqttBrokerOptions> broker, IStringLocalizer<DeviceText> text)
{
    public const int MaxPageSize = 500;

    /// <summary>Behind an external broker, the broker's own password file admits devices; this registry only decides what ingest accepts.</summary>
    public bool BehindExternalBroker => broker.Value.Mode == MqttMode.External;

    /// <summary>Devices whose id contains <paramref name="search"/> (any case), of one kind if given.</summary>
    public DevicePage List(string? search, DeviceKind? kind, int limit)
    {
        var matching = registry.All
            .Where(d => (kind is null || d.Kind == kind) && (string.IsNullOrEmpty(search) || d.Id.Contains(search, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
        return new DevicePage(matching.Count, [.. matching.Take(Math.Clamp(limit, 1, MaxPageSize)).Select(Row)]);
    }

    /// <summary>Registers a device with a new secret, returned once.</summary>
    public async Task<AdministrationResult> AddAsync(AuditActor actor, DeviceRequest request)
    {
        if (ProblemsOf(request) is { Count: > 0 } problems)
        {
            return new AdministrationResult(problems);
        }

        var (id, kind) = (request.Id!, request.Kind!.Value);
        var secret = DeviceSecrets.NewSecret();
        var registration = DeviceSecrets.Register(id, kind, secret,
            kind == DeviceKind.App ? request.Elevators ?? [] : null, kind == DeviceKind.App ? request.Units ?? [] : null);
        var refusal = registry.Update(devices =>
        {
            if (devices.Any(d => d.Id == id))
            {
                return text["AlreadyRegistered", id];
            }

            devices.Add(registration);
            return null;
        });
        if (refusal is not null)
        {
            return AdministrationResult.Refused(refusal);
        }

        await audit.RecordAsync(actor, AuditActions.DeviceAdded, id, DetailOf(registration));
        return AdministrationResult.Done(secret);
    }

    /// <summary>Gives the device a new secret, returned once; the old one stops working and its live session is closed.</summary>
    public async Task<AdministrationResult> RotateSecretAsync(AuditActor actor, string id)
    {
        var secret = DeviceSecrets.NewSecret();
        var refusal = registry.Update(devices =>
        {
            var index = devices.FindIndex(d => d.Id == id);
            if (index < 0)
            {
                return NotRegistered(id);
            }

            var salt = DeviceSecrets.NewSalt();
            devices[index] = devices[index] with { Salt = salt, SecretSha256 = DeviceSecrets.Hash(salt, secret) };
            return null;
        });
        if (refusal is not null)
        {
            return AdministrationResult.Refused(refusal);
        }

        await audit.RecordAsync(actor, AuditActions.DeviceSecretRotated, id);
        return AdministrationResult.Done(secret);
    }

    /// <summary>Removes the device from the registry: it cannot connect again and its live session is closed.</summary>
    public async Task<AdministrationResult> RevokeAsync(AuditActor actor, string id)
    {
        DeviceRegistration? removed = null;
        var refusal = registry.Update(devices =>
        {
            removed = devices.Find(d => d.Id == id);
            return removed is not null && devices.Remove(removed) ? null : NotRegistered(id);
        });
        if (refusal is not null)
        {
            return AdministrationResult.Refused(refusal);
        }

        await audit.RecordAsync(actor, AuditActions.DeviceRevoked, id, DetailOf(removed!));
        return AdministrationResult.Done();
    }

    /// <summary>
    /// A device must be one the city file knows (an elevator, a berth sensor, a parking lot), and an app may
    /// only be assigned elevators and user units that exist, so the registry never admits a device the city
    /// cannot place.
    /// </summary>
    private List<string> ProblemsOf(DeviceRequest request)
    {
        var problems = new List<string>();
        if (registry.AllowUnregistered)
        {
            problems.Add(text["RegistryOff"]);
            return problems;
        }

        if (string.IsNullOrEmpty(request.Id) || !MessageSchemas.IsValidDeviceId(request.Id))
        {
            problems.Add(text["Id", MessageSchemas.MaxDeviceIdLength]);
        }

        if (request.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            problems.Add(text["Kind"]);
            return problems;
        }

        var id = request.Id ?? "";
        var placed = kind switch
        {
            DeviceKind.Elevator => city.FindElevator(id) is { Elevator.Escalator: false },
            DeviceKind.Escalator => city.FindElevator(id) is { Elevator.Escalator: true },
            DeviceKind.Berth => city.FindLotOfBerth(id) is not null,
            DeviceKind.Lot => city.FindLot(id) is not null,
            _ => true,
        };
        if (!placed && problems.Count == 0)
        {
            problems.Add(text[$"NotInCity.{kind}", id]);
        }

        if (kind != DeviceKind.App && (request.Elevators is { Count: > 0 } || request.Units is { Count: > 0 }))
        {
            problems.Add(text["OnlyApps"]);
        }

        problems.AddRange((request.Elevators ?? []).Where(e => city.FindElevator(e) is null).Take(5).Select(e => text["NoSuchElevator", Excerpt(e)].Value));
        problems.AddRange((request.Units ?? []).Where(u => !city.HasUnit(u)).Take(5).Select(u => text["NoSuchUnit", Excerpt(u)].Value));
        return problems;
    }

    private static DeviceRow Row(DeviceRegistration device) => new(device.Id, device.Kind, device.Elevators ?? [], device.Units ?? []);

    private static string DetailOf(DeviceRegistration device) =>
        device.Kind == DeviceKind.App
            ? $"app, {device.Elevators?.Count ?? 0} elevators, {device.Units?.Count ?? 0} user units"
            : device.Kind.ToString().ToLowerInvariant();

    private string NotRegistered(string id) => text["NotRegistered", Excerpt(id)];

    private static string Excerpt(string text) => TelemetryIngest.Validation.Excerpt.Of(text, MessageSchemas.MaxDeviceIdLength);
}

/// <summary>The refusals of the device administration (<c>DeviceText.resx</c>, <c>DeviceText.zh-CN.resx</c>).</summary>
public sealed class DeviceText;
