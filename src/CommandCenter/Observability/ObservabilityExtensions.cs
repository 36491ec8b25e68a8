using CommandCenter.Auth;
using CommandCenter.Grains;
using CommandCenter.Grains.Alarms;
using CommandCenter.Grains.Live;
using CommandCenter.Https;
using CommandCenter.TelemetryIngest.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CommandCenter.Observability;

/// <summary>
/// Metrics for Prometheus at <c>/metrics</c> and, with an OTLP endpoint, metrics and traces for a collector. Logs stay
/// with ASP.NET Core's console logger; <c>Logging:Console:FormatterName=json</c> gives log shippers one JSON object a line.
/// </summary>
public static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>Everything the product measures: its own meters and the platform's.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "CommandCenter.*",
        "Microsoft.Orleans",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
    ];

    /// <summary>Where traces start: one device message, one alarm step, one work-order step.</summary>
    public static readonly IReadOnlyList<string> TraceSources = [IngestTracing.SourceName, PushTracing.SourceName, StepTracing.AlarmsSourceName, StepTracing.TicketsSourceName];

    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OtlpOptions>().BindConfiguration(OtlpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CityGauges>();
        services.AddSingleton<StoreDiskGauges>();

        // The URLs are settled before the host is built, so this one reading comes from the configuration itself.
        if ((builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions()).Url is { } metricsUrl)
        {
            builder.AddServerUrl(metricsUrl);
        }

        var otlp = builder.Configuration.GetSection(OtlpOptions.Section).Get<OtlpOptions>() ?? new OtlpOptions();
        var exporting = otlp.Endpoint is not null || !string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("commandcenter", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId));
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddMeter([.. Meters]).AddPrometheusExporter();
            if (exporting)
            {
                metrics.AddOtlpExporter(exporter => Configure(exporter, otlp, "v1/metrics"));
            }
        });

        // Without an exporter no tracer listens: every StartActivity returns null and a traced stage costs a null check.
        if (exporting)
        {
            services.Replace(ServiceDescriptor.Singleton(new MessageTraceSampler(otlp.TraceSampleRatio)));
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new RootSampler(otlp.TraceSampleRatio))
                .AddSource([.. TraceSources])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => Configure(exporter, otlp, "v1/traces")));
        }

        return builder;
    }

    /// <summary>On the metrics port (<c>Metrics:Port</c>), only <c>/metrics</c>: first in the pipeline, so nothing else answers there.</summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>();
        app.UseWhen(
            context => metrics.Value.Port is { } port && context.Connection.LocalPort == port && !context.Request.Path.Equals(MetricsPath, StringComparison.Ordinal),
            elsewhere => elsewhere.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }));
        return app;
    }

    /// <summary><c>/metrics</c> in Prometheus' text format, for city-wide operators, admins and API keys with the <c>monitoring</c> scope.</summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        // Instruments that observe what the product already counts exist once built: build them now, so the first
        // scrape lists them all and none waits for the first message, alarm or delivery.
        foreach (var instruments in (Type[])[typeof(IngestMetrics), typeof(AlarmMetrics), typeof(CityGauges), typeof(StoreDiskGauges)])
        {
            app.Services.GetRequiredService(instruments);
        }

        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(ConsolePolicies.MetricsReaders);
        return app;
    }

    /// <summary>An endpoint given in <c>Otlp:*</c> wins; otherwise the exporter reads the standard <c>OTEL_EXPORTER_OTLP_*</c> variables itself.</summary>
    private static void Configure(OtlpExporterOptions exporter, OtlpOptions otlp, string signalPath)
    {
        if (otlp.Endpoint is not { } endpoint)
        {
            return;
        }

        exporter.Protocol = otlp.Protocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        exporter.Endpoint = otlp.Protocol == OtlpProtocol.HttpProtobuf ? new Uri(endpoint, signalPath) : endpoint;
    }
}
