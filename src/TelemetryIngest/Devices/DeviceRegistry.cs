using System.Collections.Frozen;
using System.Text.Json;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Devices;

/// <summary>The outcome of a CONNECT.</summary>
public readonly record struct AuthenticationResult(DeviceRegistration? Device, string? Refusal)
{
    public bool IsAuthenticated => Refusal is null;
}

/// <summary>
/// Registered devices and what each may publish. The registry file is re-read when it changes
/// (checked every few seconds), so adding a device needs no restart,
/// and a device removed from it, or given a new secret, is <see cref="Revoked"/>: its live session is
/// closed and it publishes nothing more.
/// </summary>
public sealed class DeviceRegistry(
    IOptions<DataOptions> data,
    IOptions<DeviceAuthOptions> options,
    TimeProvider time,
    ILogger<DeviceRegistry> logger) : IHostedService
{
    private static readonly TimeSpan ReloadCheckInterval = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private FrozenDictionary<string, DeviceRegistration> _devices = FrozenDictionary<string, DeviceRegistration>.Empty;
    private FrozenDictionary<string, RetiredDevice> _retired = FrozenDictionary<string, RetiredDevice>.Empty;
    private DateTime _loadedWriteTime = DateTime.MinValue;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    // Until the first read, every caller waits for it rather than finding an empty registry.
    private volatile bool _firstReadDone;
    private ITimer? _watch;

    public string FilePath => Path.Combine(data.Value.FullPath, options.Value.RegistryFile);

    public int Count => _devices.Count;

    public bool AllowUnregistered => options.Value.AllowUnregistered;

    /// <summary>Raised with the id of a device removed from the registry or given a new secret.</summary>
    public event Func<string, Task>? Revoked;

    /// <summary>True when a registered app files records for this user unit.</summary>
    public bool HasAppServingUnit(string unitId)
    {
        ReloadIfChanged(force: false);
        return _devices.Values.Any(d => d.Units?.Contains(unitId, StringComparer.Ordinal) == true);
    }

    /// <summary>The registration of a signed-in device, looked up again on every use so revocation takes effect at once.</summary>
    public bool TryGet(string? deviceId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceRegistration? device)
    {
        ReloadIfChanged(force: false);
        device = null;
        return deviceId is not null && _devices.TryGetValue(deviceId, out device);
    }

    /// <summary>
    /// Loads the registry before any ingress starts, in embedded and external-broker mode alike, then
    /// looks for changes every few seconds even when no device connects or publishes, so a revoked
    /// device that sits idle is disconnected too.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Load();
        if (!AllowUnregistered)
        {
            _watch = time.CreateTimer(_ => ReloadIfChanged(force: false), null, ReloadCheckInterval, ReloadCheckInterval);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watch?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Loads the registry at start-up and says once what it found.</summary>
    public void Load()
    {
        if (AllowUnregistered)
        {
            logger.LogWarning("Device authentication is OFF (Devices:AllowUnregistered): any client may publish");
            return;
        }

        ReloadIfChanged(force: true);
        logger.LogInformation("Device registry {Path}: {Count} devices may connect", FilePath, _devices.Count);
    }

    public AuthenticationResult Authenticate(string? username, string? password)
    {
        if (AllowUnregistered)
        {
            return new AuthenticationResult(null, null);
        }

        ReloadIfChanged(force: false);
        if (string.IsNullOrEmpty(username))
        {
            return new AuthenticationResult(null, "no username: connect with your device id as username and its secret as password");
        }

        if (!_devices.TryGetValue(username, out var device))
        {
            return new AuthenticationResult(null, RefusalOf(Validation.Excerpt.Of(username, 64)));
        }

        return DeviceSecrets.Verify(device, password)
            ? new AuthenticationResult(device, null)
            : new AuthenticationResult(null, $"wrong secret for device '{username}'");
    }

    /// <summary>Why a device that is not registered is refused: retired by a city import (when and which), or never registered.</summary>
    public string RefusalOf(string deviceId)
    {
        ReloadIfChanged(force: false);
        return _retired.TryGetValue(deviceId, out var retired)
            ? $"device '{deviceId}' was retired from the city at {retired.RetiredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({retired.Reason}) and may no longer connect or publish"
            : $"device '{deviceId}' is not registered";
    }

    /// <summary>The retirement of a device a city import removed, or null.</summary>
    public RetiredDevice? FindRetired(string deviceId)
    {
        ReloadIfChanged(force: false);
        return _retired.GetValueOrDefault(deviceId);
    }

    /// <summary>
    /// Applies one administrative change to the registry file and puts it in force at once: the file is
    /// read afresh (so an edit made by hand meanwhile is kept), changed by <paramref name="edit"/>, written
    /// atomically and loaded; a device removed or given a new secret is disconnected through
    /// <see cref="Revoked"/>. <paramref name="edit"/> returns why it refuses, and then nothing is written.
    /// </summary>
    public string? Update(Func<List<DeviceRegistration>, string?> edit) => Update((devices, _) => edit(devices));

    /// <summary>As <see cref="Update(Func{List{DeviceRegistration}, string?})"/>, with the list of retired devices to change too (a city import).</summary>
    public string? Update(Func<List<DeviceRegistration>, List<RetiredDevice>, string?> edit)
    {
        lock (_gate)
        {
            List<DeviceRegistration> devices;
            List<RetiredDevice> retired;
            try
            {
                var file = File.Exists(FilePath)
                    ? JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), ProtocolJson.Default.DeviceRegistryFile) ?? throw new JsonException("empty registry")
                    : new DeviceRegistryFile(DeviceRegistryFile.CurrentVersion, []);
                (devices, retired) = ([.. file.Devices], [.. file.Retired ?? []]);
            }
            catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
            {
                return $"the device registry {FilePath} cannot be read ({ex.Message}); repair it first";
            }

            if (edit(devices, retired) is { } refusal)
            {
                return refusal;
            }

            // Secrets are stored hashed, but the file still says who may connect: readable by the service only.
            var written = new DeviceRegistryFile(DeviceRegistryFile.CurrentVersion, devices, retired.Count > 0 ? retired : null);
            AtomicFile.Write(FilePath, JsonSerializer.Serialize(written, ProtocolJson.Default.DeviceRegistryFile), ownerOnly: true);
            // Loaded whatever the file system's time stamp resolution: two changes within one tick must both count.
            _loadedWriteTime = DateTime.MinValue;
            ReloadLocked(force: true, time.GetUtcNow());
            return null;
        }
    }

    /// <summary>The registered devices as loaded now, in no particular order.</summary>
    public IReadOnlyCollection<DeviceRegistration> All
    {
        get
        {
            ReloadIfChanged(force: false);
            return _devices.Values;
        }
    }

    /// <summary>Null when the publisher may publish this message; otherwise why not.</summary>
    public static string? Authorize(DeviceRegistration publisher, MessageKind kind, IWireMessage message)
    {
        if (!string.Equals(publisher.Id, message.DeviceId, StringComparison.Ordinal))
        {
            return $"device '{publisher.Id}' may publish only under its own id, not '{message.DeviceId}'";
        }

        if (!DeviceSecrets.MayPublish(publisher.Kind, kind))
        {
            return $"device '{publisher.Id}' is registered as {publisher.Kind.ToString().ToLowerInvariant()} and may not publish {kind} messages";
        }

        var (target, assigned, what) = message switch
        {
            DailyCheckRecord r => (r.ElevatorId, publisher.Elevators, "elevator"),
            WeeklyInvestigationRecord r => (r.ElevatorId, publisher.Elevators, "elevator"),
            MaintenanceRecord r => (r.ElevatorId, publisher.Elevators, "elevator"),
            MonthlySchedulingRecord r => (r.UnitId, publisher.Units, "user unit"),
            _ => (null, null, null),
        };
        return target is not null && assigned?.Contains(target, StringComparer.Ordinal) != true
            ? $"app '{publisher.Id}' is not assigned {what} '{target}'"
            : null;
    }

    private void RaiseRevoked(FrozenDictionary<string, DeviceRegistration> before, FrozenDictionary<string, DeviceRegistration> after)
    {
        if (Revoked is not { } revoked)
        {
            return;
        }

        var ids = new List<string>();
        foreach (var (id, old) in before)
        {
            if (!after.TryGetValue(id, out var now) || now.Salt != old.Salt || now.SecretSha256 != old.SecretSha256)
            {
                logger.LogWarning("Device {DeviceId} was {Change} in the registry: new connections need the new entry", id, now is null ? "removed" : "given a new secret");
                ids.Add(id);
            }
        }

        // Off the thread that noticed the change, which holds the registry's lock and a device's publish.
        if (ids.Count > 0)
        {
            _ = Task.Run(async () =>
            {
                foreach (var id in ids)
                {
                    await revoked(id);
                }
            });
        }
    }

    private void ReloadIfChanged(bool force)
    {
        var now = time.GetUtcNow();
        if (!force && _firstReadDone && now - _checkedAt < ReloadCheckInterval)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                ReloadLocked(force, now);
            }
            finally
            {
                _firstReadDone = true;
            }
        }
    }

    private void ReloadLocked(bool force, DateTimeOffset now)
    {
        // Another caller may have read the file while this one waited for the lock.
        if (!force && now - _checkedAt < ReloadCheckInterval)
        {
            return;
        }

        // Checked before the file is read, so callers that wait for the lock meanwhile find it fresh.
        _checkedAt = now;
        var writeTime = File.Exists(FilePath) ? File.GetLastWriteTimeUtc(FilePath) : DateTime.MinValue;
        if (writeTime == _loadedWriteTime)
        {
            if (writeTime == DateTime.MinValue && force)
            {
                logger.LogWarning("No device registry at {Path}: every device will be refused until it exists", FilePath);
            }

            return;
        }

        try
        {
            using var stream = File.OpenRead(FilePath);
            var file = JsonSerializer.Deserialize(stream, ProtocolJson.Default.DeviceRegistryFile)
                ?? throw new JsonException("empty registry");
            // Duplicate ids throw here (ArgumentException), keeping the previous registry in force.
            var previous = _devices;
            _devices = file.Devices.ToFrozenDictionary(d => d.Id, StringComparer.Ordinal);
            // A device registered again (re-imported, or added by hand) is no longer retired.
            _retired = (file.Retired ?? []).Where(r => !_devices.ContainsKey(r.Id)).ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
            RaiseRevoked(previous, _devices);
            _loadedWriteTime = writeTime;
            if (!force)
            {
                logger.LogInformation("Device registry {Path} changed: {Count} devices may connect", FilePath, _devices.Count);
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or ArgumentException or NullReferenceException)
        {
            // Keep serving with the registry we had; a half-written file is retried at the next check.
            logger.LogError("Device registry {Path} could not be read ({Error}); keeping the {Count} devices loaded before",
                FilePath, ex.Message, _devices.Count);
        }
    }
}
