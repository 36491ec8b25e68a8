using System.Net;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Shouldly;

namespace CommandCenter.Tests.Observability;

/// <summary><c>/metrics</c> answers Prometheus' text format to city-wide operators and the monitoring key, and nobody else.</summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class MetricsEndpointTests(ConsoleHostFixture fixture)
{
    [Fact]
    public async Task Anonymous_IsRefused401()
    {
        using var response = await fixture.Host.Anonymous.GetAsync("/metrics", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AFirmUser_IsRefused403()
    {
        using var firm = await fixture.Host.SignInAsync(TestCity.FirmUser(TestCity.TwoBusiestFirms().A));
        using var response = await firm.GetAsync("/metrics", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheMonitoringKey_ReadsTheProductsInstruments()
    {
        using var monitoring = fixture.Host.ApiKeyClient("monitoring");
        using var response = await monitoring.GetAsync("/metrics", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/plain");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        text.ShouldContain("# TYPE commandcenter_ingest_accepted_total counter");
        text.ShouldContain("# TYPE commandcenter_ingest_spool_oldest_age_seconds gauge");
        text.ShouldContain("commandcenter_storage_disk_free_bytes");
    }

    [Fact]
    public async Task TheOperator_ReadsMetrics()
    {
        using var response = await fixture.Host.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("commandcenter_ingest_accepted_total");
    }
}
