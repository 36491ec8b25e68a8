using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Live;

/// <summary>The wall's city trend read from a real influxd, from points laid out as ingest writes them.</summary>
public sealed class CityTrendTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThisHour = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private InfluxServer _influx = default!;
    private HttpClient _http = default!;
    private IOptions<InfluxOptions> _options = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _influx = await InfluxServer.StartAsync();
        _http = new HttpClient();
        _options = Options.Create(new InfluxOptions { Url = _influx.Url, Database = "citytrend", Version = InfluxApiVersion.Auto });
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _influx.DisposeAsync();
    }

    [Fact]
    public async Task ReadFaultsRaisedPerHour_V1_CountsRaisedFaultsOfTheWholeCityPerHourWithEmptyHoursAsZero()
    {
        var store = Store();
        await store.EnsureReadyAsync(Ct);
        await store.WriteAsync(
        [
            Event("EL-0001", 1, ThisHour.AddHours(-5).AddMinutes(1), EventState.Raised),
            Event("EL-0002", 1, ThisHour.AddHours(-5).AddMinutes(20), EventState.Raised),
            Event("EL-0003", 1, ThisHour.AddHours(-5).AddMinutes(59), EventState.Raised, FaultCodes.TrappedPassenger),
            Event("EL-0001", 2, ThisHour.AddHours(-1).AddMinutes(5), EventState.Raised),
            // Clearing is not a fault; a day and a half ago is outside the window.
            Event("EL-0001", 3, ThisHour.AddHours(-1).AddMinutes(9), EventState.Cleared),
            Event("EL-0004", 1, ThisHour.AddHours(-30), EventState.Raised),
            Event("EL-0005", 1, ThisHour.AddMinutes(10), EventState.Raised),
        ], Ct);
        using var trend = new InfluxCityTrend(new InfluxVersionDetector(_http, _options, NullLogger<InfluxVersionDetector>.Instance), _http, _options);

        var hours = await trend.ReadFaultsRaisedPerHourAsync(Now.AddHours(-23), Now, Ct);

        hours.Count.ShouldBe(24);
        hours[0].Hour.ShouldBe(ThisHour.AddHours(-23));
        hours[^1].Hour.ShouldBe(ThisHour);
        hours.Where(h => h.Count > 0).Select(h => (h.Hour, h.Count)).ShouldBe(
        [
            (ThisHour.AddHours(-5), 3L),
            (ThisHour.AddHours(-1), 1L),
            (ThisHour, 1L),
        ]);
    }

    [Fact]
    public async Task ReadFaultsRaisedPerHour_NoFaultsYet_GivesADayOfZeros()
    {
        await Store().EnsureReadyAsync(Ct);
        using var trend = new InfluxCityTrend(new InfluxVersionDetector(_http, _options, NullLogger<InfluxVersionDetector>.Instance), _http, _options);

        var hours = await trend.ReadFaultsRaisedPerHourAsync(Now.AddHours(-23), Now, Ct);

        hours.Count.ShouldBe(24);
        hours.ShouldAllBe(h => h.Count == 0);
    }

    // The points are of a fixed day in the past, so the raw retention reaches back far enough to keep them.
    private InfluxV1Store Store() => new(
        _http,
        _options,
        Options.Create(new TimeSeriesRetentionOptions { RawRetention = TimeSpan.FromDays(3650), RollupRetention = TimeSpan.FromDays(3650) }),
        TimeProvider.System,
        NullLogger<InfluxV1Store>.Instance);

    private static string Event(string deviceId, long seq, DateTimeOffset at, EventState state, string code = "02") =>
        TimeSeriesPoints.ToLineProtocol(new ElevatorEventReport(1, deviceId, seq, at, code, state, 7));
}
