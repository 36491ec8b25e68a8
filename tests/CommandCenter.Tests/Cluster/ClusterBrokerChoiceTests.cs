using CommandCenter.Hosting;
using CommandCenter.TelemetryIngest.Broker;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>
/// Cluster mode needs every device to reach some silo's ingest: one external broker shared by all silos, or an embedded
/// broker on every silo (<c>Orleans:BrokerPerSilo</c>). Checked from the host's own options registration; no
/// PostgreSQL is started, since the refusal comes before the silo would connect.
/// </summary>
public sealed class ClusterBrokerChoiceTests
{
    private const string Refusal = "ClusterMode Postgres needs Mqtt:Mode External";

    [Fact]
    public void Start_ClusterWithEmbeddedBrokerWithoutBrokerPerSilo_IsRefusedSayingWhatToSet()
    {
        using var services = SiloServices(("Mqtt:Mode", "Embedded"));

        var error = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<SiloOptions>>().Value);

        error.Failures.ShouldContain(f => f.Contains(Refusal) && f.Contains("Orleans:BrokerPerSilo=true"));
    }

    [Theory]
    [InlineData("Embedded", "true")]
    [InlineData("External", "false")]
    public void Start_ClusterWithBrokerPerSiloOrExternalBroker_IsNotRefusedForItsBroker(string mqttMode, string brokerPerSilo)
    {
        using var services = SiloServices(("Mqtt:Mode", mqttMode), ("Orleans:BrokerPerSilo", brokerPerSilo));

        // Silo TLS is left unset here, so validation still fails, for that alone.
        var error = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<SiloOptions>>().Value);

        error.Failures.ShouldNotContain(f => f.Contains(Refusal));
    }

    /// <summary>The silo's options as the host registers them, for a cluster on PostgreSQL with the given settings.</summary>
    private static ServiceProvider SiloServices(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(
        [
            new("Orleans:ClusterMode", "Postgres"),
            new("Orleans:PostgresConnectionString", "Host=127.0.0.1;Database=unused"),
            .. settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)),
        ]);
        builder.Services.AddOptions<MqttBrokerOptions>().BindConfiguration(MqttBrokerOptions.Section);
        builder.AddCommandCenterSilo();
        return builder.Services.BuildServiceProvider();
    }
}
