using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CommandCenter.TelemetryIngest;

public static class IngestExtensions
{
    /// <summary>The embedded broker, validation, dead letters and the InfluxDB writer.</summary>
    public static IHostApplicationBuilder AddTelemetryIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MqttBrokerOptions>().BindConfiguration(MqttBrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InfluxOptions>().BindConfiguration(InfluxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestValidationOptions>().BindConfiguration(IngestValidationOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddHttpClient<ITimeSeriesStore, InfluxV1Store>(http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<TimeSeriesWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<TimeSeriesWriter>());

        services.AddSingleton<MessageDecoder>();
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<IngestPipeline>();

        services.AddSingleton<EmbeddedMqttBroker>();
        services.AddHostedService(provider => provider.GetRequiredService<EmbeddedMqttBroker>());
        return builder;
    }
}
