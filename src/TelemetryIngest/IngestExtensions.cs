using CommandCenter.Grains.Alarms;
using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.Broker.Listener;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Devices;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Sequencing;
using CommandCenter.TelemetryIngest.Storage;
using CommandCenter.TelemetryIngest.Telemetry;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MQTTnet.AspNetCore;

namespace CommandCenter.TelemetryIngest;

public static class IngestExtensions
{
    /// <summary>The MQTT ingress, validation, device registry, dead letters, spool and the InfluxDB writer.</summary>
    public static IHostApplicationBuilder AddTelemetryIngest(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MqttBrokerOptions>().BindConfiguration(MqttBrokerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<InfluxOptions>().BindConfiguration(InfluxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestValidationOptions>().BindConfiguration(IngestValidationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<JournalOptions>().BindConfiguration(JournalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeviceAuthOptions>().BindConfiguration(DeviceAuthOptions.Section);
        services.AddOptions<MqttListenerOptions>().BindConfiguration(MqttListenerOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StatusApplyOptions>().BindConfiguration(StatusApplyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MqttTlsOptions>().BindConfiguration(MqttTlsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddInfluxTimeSeriesStore();
        services.AddSingleton<TimeSeriesWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<TimeSeriesWriter>());

        // Events are spooled and applied on the alarm lane, ahead of statuses.
        services.AddAlarmLane();
        services.AddSingleton<IngestJournal>();
        services.AddSingleton<MessageDecoder>();
        services.AddSingleton<DeadLetterStore>();
        services.AddSingleton<SequenceTracker>();
        services.AddSingleton<DeviceRegistry>();
        services.AddHostedService(provider => provider.GetRequiredService<DeviceRegistry>());
        services.AddSingleton<MessageRouter>();
        services.AddSingleton<StatusApplier>();
        services.AddHostedService(provider => provider.GetRequiredService<StatusApplier>());
        services.TryAddSingleton(MessageTraceSampler.Always);
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<IngestMetrics>();

        AddMqttIngress(builder);
        return builder;
    }

    /// <summary>The embedded broker, or a client of an external broker, by <c>Mqtt:Mode</c>.</summary>
    private static void AddMqttIngress(IHostApplicationBuilder builder)
    {
        // An unparsable value falls back here, but then fails options binding at start-up with a clear message.
        var configured = builder.Configuration[$"{MqttBrokerOptions.Section}:{nameof(MqttBrokerOptions.Mode)}"];
        if (Enum.TryParse<MqttMode>(configured, ignoreCase: true, out var mode) && mode == MqttMode.External)
        {
            AddIngress<ExternalBrokerIngest>(builder.Services);
        }
        else
        {
            AddIngress<EmbeddedMqttBroker>(builder.Services);
            builder.Services.AddMqttConnectionHandler();
            builder.Services.AddSingleton<MqttConnectionAdmission>();
            builder.Services.AddSingleton<MqttListeners>();
        }
    }

    private static void AddIngress<T>(IServiceCollection services)
        where T : class, IHostedService, IMqttIngress
    {
        services.AddSingleton<T>();
        services.AddSingleton<IMqttIngress>(provider => provider.GetRequiredService<T>());
        services.AddHostedService(provider => provider.GetRequiredService<T>());
    }
}
