using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Audit;
using CommandCenter.Geography.Areas;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Devices;
using Microsoft.Extensions.Localization;

namespace CommandCenter.City.Imports;

/// <summary>An uploaded city file, checked and compared with the running city, waiting for an admin to apply it.</summary>
/// <param name="Id">Its id in <c>/api/city/imports/{id}</c>.</param>
/// <param name="StagedBy">The admin who uploaded it.</param>
/// <param name="StagedAt">When.</param>
/// <param name="Name">The imported city's name.</param>
/// <param name="WithOutlines">Whether outlines (<c>city-areas.geojson</c>) came with it; otherwise the running city's are kept.</param>
/// <param name="BaseSha256">SHA-256 of the running city file it was compared with: applying it over another is refused.</param>
/// <param name="Difference">What applying it changes.</param>
public sealed record CityImport(
    string Id, string StagedBy, DateTimeOffset StagedAt, string Name, bool WithOutlines, string BaseSha256, CityDifference Difference);

/// <summary>A device the import registered, with its secret, answered this once.</summary>
public sealed record ImportedDevice(string Id, DeviceKind Kind, string Secret);

/// <summary>An applied import: where the replaced files were archived, what changed, and the new devices' secrets.</summary>
public sealed record CityImportApplied(string Id, string Archive, CityDifference Difference, IReadOnlyList<ImportedDevice> Devices, IReadOnlyList<string> RetiredDevices);

/// <summary>The outcome of a step: the value, or why it was refused and with which status.</summary>
public sealed record CityImportResult<T>(T? Value, int Status, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Problems.Count == 0;

    public static CityImportResult<T> Done(T value, int status = StatusCodes.Status200OK) => new(value, status, []);

    public static CityImportResult<T> Refused(int status, params IReadOnlyList<string> problems) => new(default, status, problems);
}

/// <summary>
/// Imports an updated city file while the command center runs, in two steps an admin takes apart: <see cref="StageAsync"/>
/// checks the upload with the city file's own validator (and its outlines, the uploaded ones or the running ones) and
/// compares it with the running city; <see cref="ApplyAsync"/> archives the running files (<c>city-archive/</c>), moves the
/// new ones into place, registers the devices the city gained and retires those it lost (refused from then on, their
/// history kept), and switches the running city at once (<see cref="CityFileWatcher"/>; other silos within
/// <c>City:ReloadCheckInterval</c>). Staged imports live in <c>city-imports/</c> beside the city file, so any silo
/// sharing it can apply them. Every step, refusals included, is in the audit log.
/// </summary>
public sealed class CityImports(
    CityDirectory city,
    CityFileLocation file,
    CityFileWatcher watcher,
    DeviceRegistry devices,
    AuditLog audit,
    TimeProvider time,
    IStringLocalizer<CityImportText> text,
    ILogger<CityImports> logger)
{
    /// <summary>Largest upload taken: a Yinchuan-size city file with its outlines is well under it.</summary>
    public const long MaxUploadBytes = 256L * 1024 * 1024;

    public const string StagingFolderName = "city-imports";
    public const string ArchiveFolderName = "city-archive";
    private const string ImportFileName = "import.json";
    private const int ProblemsAudited = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly SemaphoreSlim _applying = new(1, 1);

    public string StagingFolder => Path.Combine(file.Folder, StagingFolderName);

    public string ArchiveFolder => Path.Combine(file.Folder, ArchiveFolderName);

    /// <summary>
    /// Takes an uploaded city file (and optionally its outlines), checks it and compares it with the running city. Nothing
    /// is applied. 400 listing every problem when it is not a usable city, or its outlines do not fit it.
    /// </summary>
    public async Task<CityImportResult<CityImport>> StageAsync(AuditActor actor, Stream cityJson, Stream? outlines, CancellationToken cancellationToken)
    {
        var id = $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var folder = Path.Combine(StagingFolder, id);
        Directory.CreateDirectory(folder);
        var staged = false;
        try
        {
            var cityPath = Path.Combine(folder, CityTopologyFile.FileName);
            await CopyAsync(cityJson, cityPath, cancellationToken);
            var (topology, problems) = CityTopologyFile.Inspect(cityPath);
            if (topology is null)
            {
                return await RefuseAsync(actor, text["Invalid", problems.Count], [.. problems.Select(Render)]);
            }

            IReadOnlyList<AreaShape> shapes = city.Outlines;
            if (outlines is not null)
            {
                var areasPath = Path.Combine(folder, CityAreasFile.FileName);
                await CopyAsync(outlines, areasPath, cancellationToken);
                try
                {
                    shapes = AreaGeoJson.Read(areasPath);
                }
                catch (Exception ex) when (ex is JsonException or InvalidDataException or FormatException or ArgumentException)
                {
                    return await RefuseAsync(actor, text["OutlinesUnreadable"], [ex.Message]);
                }
            }

            if (CityAreasFile.Check(topology, shapes) is { Count: > 0 } misfits)
            {
                return await RefuseAsync(actor, text[outlines is null ? "OutlinesMissing" : "OutlinesMisfit", misfits.Count], misfits);
            }

            // Compared with the file on disk, the one its hash names: on another silo the city in memory may not have switched yet.
            var (running, runningSha256) = RunningCity();
            var import = new CityImport(id, actor.Name, time.GetUtcNow(), topology.Name, outlines is not null, runningSha256, CityDifference.Between(running, topology));
            await File.WriteAllBytesAsync(Path.Combine(folder, ImportFileName), JsonSerializer.SerializeToUtf8Bytes(import, Json), cancellationToken);
            staged = true;
            await audit.RecordAsync(actor, AuditActions.CityImportStaged, id, $"{topology.Name}: {import.Difference.Summary}");
            return CityImportResult<CityImport>.Done(import, StatusCodes.Status201Created);
        }
        finally
        {
            if (!staged)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>A staged import, or null when there is none by that id (applied, discarded, or never staged).</summary>
    public async Task<CityImport?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var path = ImportPath(id);
        return path is not null && File.Exists(path)
            ? JsonSerializer.Deserialize<CityImport>(await File.ReadAllBytesAsync(path, cancellationToken), Json)
            : null;
    }

    /// <summary>The staged imports, newest first.</summary>
    public async Task<IReadOnlyList<CityImport>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(StagingFolder))
        {
            return [];
        }

        var imports = new List<CityImport>();
        foreach (var folder in Directory.EnumerateDirectories(StagingFolder).OrderDescending(StringComparer.Ordinal))
        {
            if (await FindAsync(Path.GetFileName(folder), cancellationToken) is { } import)
            {
                imports.Add(import);
            }
        }

        return imports;
    }

    /// <summary>Drops a staged import without applying it.</summary>
    public async Task<CityImportResult<string>> DiscardAsync(AuditActor actor, string id, CancellationToken cancellationToken)
    {
        // Not while an import is being applied: its files are moved out of the staging folder.
        await _applying.WaitAsync(cancellationToken);
        try
        {
            if (await FindAsync(id, cancellationToken) is null)
            {
                return CityImportResult<string>.Refused(StatusCodes.Status404NotFound, text["NoSuchImport", id]);
            }

            Directory.Delete(Path.Combine(StagingFolder, id), recursive: true);
            await audit.RecordAsync(actor, AuditActions.CityImportDiscarded, id);
            return CityImportResult<string>.Done(id);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// Applies a staged import: 404 when there is none by that id, 409 when the running city file is no longer the one it
    /// was compared with (stage it again to see the difference against the city as it is now).
    /// </summary>
    public async Task<CityImportResult<CityImportApplied>> ApplyAsync(AuditActor actor, string id, CancellationToken cancellationToken)
    {
        await _applying.WaitAsync(cancellationToken);
        try
        {
            if (await FindAsync(id, cancellationToken) is not { } import)
            {
                return CityImportResult<CityImportApplied>.Refused(StatusCodes.Status404NotFound, text["NoSuchImport", id]);
            }

            var (before, runningSha256) = RunningCity();
            if (runningSha256 != import.BaseSha256)
            {
                return CityImportResult<CityImportApplied>.Refused(StatusCodes.Status409Conflict, text["CityChangedSince", id]);
            }

            var folder = Path.Combine(StagingFolder, id);
            var archive = ArchiveName();
            // The registry first: a retired device is shut out before the city stops placing it, so it never reports into nowhere.
            var (added, retired, refusal) = RegisterDevices(import, before, CityTopologyFile.Load(Path.Combine(folder, CityTopologyFile.FileName)), archive);
            if (refusal is not null)
            {
                return CityImportResult<CityImportApplied>.Refused(StatusCodes.Status500InternalServerError, text["RegistryRefused", refusal]);
            }

            CitySweepResult? sweep;
            try
            {
                sweep = await watcher.ReplaceAsync(() => MoveIntoPlace(folder, import.WithOutlines, archive), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                // The registry was changed already: the devices are named so the admin can give the new ones secrets
                // (devices page) once the cause is mended; applying again would register nobody anew.
                var failure = text["ApplyFailed", ex.Message, string.Join(", ", added.Select(d => d.Id)), string.Join(", ", retired)];
                logger.LogError(ex, "City import {Id} could not be put in place after the device registry was updated", id);
                await audit.RecordAsync(actor, AuditActions.CityImportRefused, id, failure);
                return CityImportResult<CityImportApplied>.Refused(StatusCodes.Status500InternalServerError, failure);
            }

            Directory.Delete(folder, recursive: true);
            var applied = new CityImportApplied(id, Path.GetFileName(archive), import.Difference, added, retired);
            await audit.RecordAsync(
                actor, AuditActions.CityImportApplied, id,
                $"{import.Name}: {import.Difference.Summary}; devices registered {added.Count}, retired {retired.Count}; previous city archived as {ArchiveFolderName}/{applied.Archive}");
            logger.LogInformation(
                "City import {Id} applied by {Actor}: {Summary}; {Added} devices registered, {Retired} retired; the previous city is in {Archive}; grains swept: {Sweep}",
                id, actor.Name, import.Difference.Summary, added.Count, retired.Count, archive, (object?)sweep ?? "not yet, tried again at every check");
            return CityImportResult<CityImportApplied>.Done(applied);
        }
        finally
        {
            _applying.Release();
        }
    }

    /// <summary>
    /// Registers the devices the city gains with new secrets, retires those it loses (naming the archive, so a refusal says
    /// which import it was), changes the kind of an elevator that became an escalator or back, and takes retired elevators
    /// and units off the handheld apps assigned them.
    /// </summary>
    private (IReadOnlyList<ImportedDevice> Added, IReadOnlyList<string> Retired, string? Refusal) RegisterDevices(
        CityImport import, CityTopology before, CityTopology after, string archive)
    {
        var difference = import.Difference;
        var now = time.GetUtcNow();
        var added = new List<ImportedDevice>();
        var retiredIds = new List<string>();
        var reason = $"city import {import.Id}, the city before it archived as {Path.GetFileName(archive)}";
        var refusal = devices.Update((registered, retired) =>
        {
            // Sets, not a search of the lists per device: a city-size import touches tens of thousands of devices while
            // the registry is locked, and every MQTT sign-in waits on that lock.
            var known = registered.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var (deviceId, kind) in difference.AddedDevices(after).Where(d => !known.Contains(d.Id)))
            {
                var secret = DeviceSecrets.NewSecret();
                registered.Add(DeviceSecrets.Register(deviceId, kind, secret));
                added.Add(new ImportedDevice(deviceId, kind, secret));
            }

            var leaving = difference.RetiredDevices(before).ToList();
            var leavingIds = leaving.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var touched = leavingIds.Concat(added.Select(d => d.Id)).ToHashSet(StringComparer.Ordinal);
            registered.RemoveAll(r => leavingIds.Contains(r.Id));
            retired.RemoveAll(r => touched.Contains(r.Id));
            foreach (var (deviceId, kind) in leaving)
            {
                retired.Add(new RetiredDevice(deviceId, kind, now, reason));
                retiredIds.Add(deviceId);
            }

            var kinds = after.Elevators.ToDictionary(e => e.Id, e => e.Kind, StringComparer.Ordinal);
            var goneElevators = difference.Elevators.Retired.ToHashSet(StringComparer.Ordinal);
            var goneUnits = difference.Units.Retired.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < registered.Count; i++)
            {
                var device = registered[i];
                if (kinds.TryGetValue(device.Id, out var kind) && device.Kind is DeviceKind.Elevator or DeviceKind.Escalator && device.Kind != kind)
                {
                    registered[i] = device with { Kind = kind };
                }
                else if (device.Kind == DeviceKind.App
                    && (device.Elevators?.Any(goneElevators.Contains) == true || device.Units?.Any(goneUnits.Contains) == true))
                {
                    registered[i] = device with
                    {
                        Elevators = [.. (device.Elevators ?? []).Where(e => !goneElevators.Contains(e))],
                        Units = [.. (device.Units ?? []).Where(u => !goneUnits.Contains(u))],
                    };
                }
            }

            return null;
        });
        return (added, retiredIds, refusal);
    }

    /// <summary>Archives the running files (copies, so they stay in place until replaced) and moves the staged ones over them, each in one step.</summary>
    private void MoveIntoPlace(string folder, bool withOutlines, string archive)
    {
        Directory.CreateDirectory(archive);
        if (File.Exists(file.Path))
        {
            File.Copy(file.Path, Path.Combine(archive, CityTopologyFile.FileName));
        }

        if (File.Exists(file.AreasPath))
        {
            File.Copy(file.AreasPath, Path.Combine(archive, CityAreasFile.FileName));
        }

        // Outlines first: a silo that reads the new outlines beside the old city refuses that pair and waits for the city file.
        if (withOutlines)
        {
            File.Move(Path.Combine(folder, CityAreasFile.FileName), file.AreasPath, overwrite: true);
        }

        File.Move(Path.Combine(folder, CityTopologyFile.FileName), file.Path, overwrite: true);
    }

    private string ArchiveName()
    {
        var stamp = $"{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";
        var path = Path.Combine(ArchiveFolder, stamp);
        for (var n = 2; Directory.Exists(path); n++)
        {
            path = Path.Combine(ArchiveFolder, $"{stamp}-{n}");
        }

        return path;
    }

    /// <summary>
    /// The city file on disk and its SHA-256, read together: on another silo the city in memory may still be the one
    /// before (the city itself when there is no file yet, with an empty hash).
    /// </summary>
    private (CityTopology City, string Sha256) RunningCity()
    {
        if (!File.Exists(file.Path))
        {
            return (city.Topology, "");
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file.Path)));
        return (CityTopologyFile.Load(file.Path), sha256);
    }

    /// <summary>The import file of an id, or null when the id is not one this service makes (no path tricks).</summary>
    private string? ImportPath(string id) =>
        id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? Path.Combine(StagingFolder, id, ImportFileName) : null;

    private async Task<CityImportResult<CityImport>> RefuseAsync(AuditActor actor, string reason, IReadOnlyList<string> problems)
    {
        var shown = string.Join("; ", problems.Take(ProblemsAudited));
        await audit.RecordAsync(actor, AuditActions.CityImportRefused, null,
            $"{reason}: {shown}{(problems.Count > ProblemsAudited ? $"; and {problems.Count - ProblemsAudited} more" : "")}");
        return CityImportResult<CityImport>.Refused(StatusCodes.Status400BadRequest, [reason, .. problems]);
    }

    /// <summary>A problem in the reader's language; as the validator says it (English) where no translation exists.</summary>
    private string Render(CityProblem problem)
    {
        object[] parts = problem.Kind is { } kind ? [text[$"ProblemKind.{kind}"].Value, .. problem.Args] : [.. problem.Args];
        var rendered = text[$"Problem.{problem.Code}", parts];
        return rendered.ResourceNotFound ? problem.Text : rendered.Value;
    }

    private static async Task CopyAsync(Stream source, string path, CancellationToken cancellationToken)
    {
        await using var target = File.Create(path);
        await source.CopyToAsync(target, cancellationToken);
    }
}

/// <summary>The texts of city imports (<c>CityImportText.resx</c>, zh-CN first).</summary>
public sealed class CityImportText;
