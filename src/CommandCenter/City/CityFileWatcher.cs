using CommandCenter.Geography.Areas;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.City;

/// <summary>Where this command center's city file is: <c>City:Path</c>, or <c>city.json</c> in the data folder.</summary>
/// <param name="Path">The city file's full path; its outlines (<c>city-areas.geojson</c>) are beside it.</param>
/// <param name="Configured">Whether <c>City:Path</c> named it (then it must exist at start).</param>
public sealed record CityFileLocation(string Path, bool Configured)
{
    public string AreasPath => CityAreasFile.Beside(Path);

    /// <summary>The folder of the city file, where imports are staged and replaced files archived (shared by every silo that shares the file).</summary>
    public string Folder => System.IO.Path.GetDirectoryName(Path)!;
}

/// <summary>
/// Keeps this silo's <see cref="CityDirectory"/> on the city file: every <see cref="CityOptions.ReloadCheckInterval"/> it
/// looks whether <c>city.json</c> or its outlines were replaced (an import applied on this or another silo, or a file put
/// in place by hand) and switches to the new city, then sweeps the grains along (<see cref="CitySwitchSweep"/>). A file
/// that does not load is logged once and the running city stays; the next replacement is tried again. A sweep that fails
/// (a grain timing out) is tried again at every check until it goes through: sweeps can be repeated safely.
/// </summary>
public sealed class CityFileWatcher(
    CityDirectory city,
    CityFileLocation file,
    CitySwitchSweep sweep,
    IOptions<CityOptions> options,
    TimeProvider time,
    ILogger<CityFileWatcher> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStamp _loaded = FileStamp.Of(file);
    private FileStamp? _refused;

    /// <summary>A switch whose sweep has not gone through yet: tried again at every check.</summary>
    private CitySwitch? _unswept;
    private ITimer? _timer;
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.ReloadCheckInterval;
        _timer = time.CreateTimer(_ => _ = CheckInBackgroundAsync(), null, interval, interval);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await _stopping.CancelAsync();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
        _gate.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="replace"/> (which writes the new files) while no check can read them half-replaced, then
    /// switches this silo to them at once. Throws what <paramref name="replace"/> throws, and
    /// <see cref="InvalidDataException"/> when the files written do not load (the running city then stays). The sweep
    /// that follows is null when it failed: it is then tried again at every check.
    /// </summary>
    public async Task<CitySweepResult?> ReplaceAsync(Action replace, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            replace();
            var (change, stamp) = Load();
            _loaded = stamp;
            _refused = null;
            return await SweepAsync(change, CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One check: switches when the files changed since they were last loaded; null when they did not or do not load.</summary>
    public async Task<CitySweepResult?> CheckAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_unswept is { } unswept)
            {
                // An earlier switch's sweep first: the next switch only knows the difference from the city before it.
                if (await SweepAsync(unswept, cancellationToken) is null)
                {
                    return null;
                }
            }

            var stamp = FileStamp.Of(file);
            if (stamp == _loaded || stamp == _refused || !File.Exists(file.Path))
            {
                return null;
            }

            CitySwitch change;
            try
            {
                (change, stamp) = Load();
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                _refused = stamp;
                logger.LogError(
                    "The city file {Path} changed but does not load ({Error}); the running city {City} stays until a file that loads replaces it",
                    file.Path, ex.Message, city.Summary.Name);
                return null;
            }

            _loaded = stamp;
            logger.LogInformation("The city file {Path} was replaced: switching to it", file.Path);
            return await SweepAsync(change, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The sweep of a switch, or null when it failed and waits for the next check.</summary>
    private async Task<CitySweepResult?> SweepAsync(CitySwitch change, CancellationToken cancellationToken)
    {
        _unswept = change;
        try
        {
            var result = await sweep.SweepAsync(change, cancellationToken);
            _unswept = null;
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Bringing the grains along to the city file {Path} failed; tried again every {Interval}", file.Path, options.Value.ReloadCheckInterval);
            return null;
        }
    }

    private (CitySwitch Change, FileStamp Stamp) Load()
    {
        // Stamped before reading: a replacement landing during the read is seen at the next check.
        var stamp = FileStamp.Of(file);
        var topology = CityTopologyFile.Load(file.Path);
        var areas = CityAreasFile.Load(file.AreasPath, topology);
        return (city.SwitchTo(topology, areas), stamp);
    }

    private async Task CheckInBackgroundAsync()
    {
        try
        {
            await CheckAsync(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Checking the city file {Path} failed; the next check tries again", file.Path);
        }
    }

    /// <summary>Last write times and lengths of the city file and its outlines: a replacement changes at least one.</summary>
    private readonly record struct FileStamp(DateTime CityWritten, long CityLength, DateTime AreasWritten, long AreasLength)
    {
        public static FileStamp Of(CityFileLocation file)
        {
            var city = new FileInfo(file.Path);
            var areas = new FileInfo(file.AreasPath);
            return new FileStamp(
                city.Exists ? city.LastWriteTimeUtc : DateTime.MinValue, city.Exists ? city.Length : -1,
                areas.Exists ? areas.LastWriteTimeUtc : DateTime.MinValue, areas.Exists ? areas.Length : -1);
        }
    }
}
