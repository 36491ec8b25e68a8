using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>The InfluxDB HTTP API a server speaks.</summary>
public enum InfluxApiVersion
{
    /// <summary>Ask the server's <c>/ping</c>.</summary>
    Auto,

    /// <summary>1.x: <c>/write</c> and InfluxQL on <c>/query</c>.</summary>
    V1,

    /// <summary>2.x and InfluxDB Cloud: <c>/api/v2/write</c> and Flux on <c>/api/v2/query</c>.</summary>
    V2,
}

/// <summary>
/// Tells which API to use: the configured <see cref="InfluxOptions.Version"/>, or when that is Auto,
/// the version the server reports in the headers of its <c>/ping</c> answer.
/// </summary>
public sealed class InfluxVersionDetector(HttpClient http, IOptions<InfluxOptions> options, ILogger<InfluxVersionDetector> logger)
{
    private const string VersionHeader = "X-Influxdb-Version";
    private const string BuildHeader = "X-Influxdb-Build";

    /// <summary>
    /// Throws <see cref="HttpRequestException"/> while the server cannot be asked (worth retrying) and
    /// <see cref="InvalidOperationException"/> when its answer names no version this service knows.
    /// </summary>
    public async Task<InfluxApiVersion> DetectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Version != InfluxApiVersion.Auto)
        {
            return settings.Version;
        }

        using var response = await PingAsync(new Uri(new Uri(settings.Url), "/ping"), cancellationToken);
        var version = HeaderValue(response, VersionHeader);
        var build = HeaderValue(response, BuildHeader);
        var detected = Classify(version, build) ?? throw new InvalidOperationException(
            $"InfluxDB at {settings.Url} reports version '{version ?? "(none)"}' (build '{build ?? "(none)"}'), which names no API " +
            $"this service knows; set {InfluxOptions.Section}:{nameof(InfluxOptions.Version)} to V1 or V2.");
        logger.LogInformation(
            "InfluxDB at {Url} reports version {Version} (build {Build}); using its {Api} API",
            settings.Url, version, build, detected);
        return detected;
    }

    private async Task<HttpResponseMessage> PingAsync(Uri ping, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(ping, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"InfluxDB could not be reached at {ping} to detect its API version: {ex.Message}", ex);
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException(
                $"InfluxDB answered {ping} with {(int)response.StatusCode}, so its API version is unknown yet", null, response.StatusCode);
        }

        return response;
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;

    // 1.x answers e.g. "1.6.7", 2.x "v2.7.10" or "2.7.10"; Cloud may answer any version but says so in its build.
    private static InfluxApiVersion? Classify(string? version, string? build)
    {
        if (string.Equals(build, "Cloud", StringComparison.OrdinalIgnoreCase))
        {
            return InfluxApiVersion.V2;
        }

        return version?.TrimStart('v', 'V').Split('.')[0] switch
        {
            "1" => InfluxApiVersion.V1,
            "2" => InfluxApiVersion.V2,
            _ => null,
        };
    }
}

/// <summary>
/// The time-series store for whichever API the server speaks. The adapter is chosen on first use rather
/// than at start-up, so an InfluxDB that is down when the host starts delays only the writer (which
/// retries with back-off), never the host; a failed detection is tried again on the next call.
/// </summary>
public sealed class InfluxStoreSelector(InfluxVersionDetector detector, Func<InfluxApiVersion, ITimeSeriesStore> createStore)
    : ITimeSeriesStore
{
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private volatile ITimeSeriesStore? _store;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).EnsureReadyAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).WriteAsync(lines, cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        ITimeSeriesStore store;
        try
        {
            store = await StoreAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            return false;
        }

        return await store.PingAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ElevatorHistoryPoint>> ReadElevatorHistoryAsync(
        string deviceId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).ReadElevatorHistoryAsync(deviceId, from, to, cancellationToken);

    public async Task<IReadOnlyList<SeriesRetention>> ReadRetentionAsync(CancellationToken cancellationToken) =>
        await (await StoreAsync(cancellationToken)).ReadRetentionAsync(cancellationToken);

    private async ValueTask<ITimeSeriesStore> StoreAsync(CancellationToken cancellationToken)
    {
        if (_store is { } store)
        {
            return store;
        }

        await _resolving.WaitAsync(cancellationToken);
        try
        {
            if (_store is null)
            {
                _store = createStore(await detector.DetectAsync(cancellationToken));
            }

            return _store;
        }
        finally
        {
            _resolving.Release();
        }
    }
}

/// <summary>Registers the time-series store that matches the configured or detected InfluxDB version.</summary>
public static class InfluxStoreRegistration
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <see cref="ITimeSeriesStore"/> as an <see cref="InfluxStoreSelector"/> over the 1.x and 2.x adapters,
    /// the cross-field check of <see cref="InfluxOptions"/>, and <see cref="TimeSeriesRetentionOptions"/>, validated at start.
    /// </summary>
    public static IServiceCollection AddInfluxTimeSeriesStore(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InfluxOptions>, InfluxOptionsValidator>());
        services.AddOptions<TimeSeriesRetentionOptions>().BindConfiguration(TimeSeriesRetentionOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TimeSeriesRetentionOptions>, TimeSeriesRetentionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<InfluxVersionDetector>(http => http.Timeout = RequestTimeout);
        services.AddHttpClient<InfluxV1Store>(http => http.Timeout = RequestTimeout);
        services.AddSingleton<InfluxV2Store>();
        services.AddSingleton<ITimeSeriesStore>(provider => new InfluxStoreSelector(
            provider.GetRequiredService<InfluxVersionDetector>(),
            version => version == InfluxApiVersion.V2
                ? provider.GetRequiredService<InfluxV2Store>()
                : provider.GetRequiredService<InfluxV1Store>()));
        return services;
    }
}
