using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CommandCenter.Health;

/// <summary>The silo answers grain calls and knows its cluster.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        return HealthCheckResult.Healthy($"{hosts.Count} active silo(s)");
    }
}

/// <summary>The embedded MQTT broker is accepting connections.</summary>
public sealed class BrokerHealthCheck(EmbeddedMqttBroker broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.IsRunning ? HealthCheckResult.Healthy("listening") : HealthCheckResult.Unhealthy("not started"));
}

/// <summary>InfluxDB answers its ping and the writer is not stuck retrying.</summary>
public sealed class InfluxHealthCheck(ITimeSeriesStore store, TimeSeriesWriter writer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["pointsWritten"] = writer.PointsWritten, ["pointsPending"] = writer.PendingPoints };
        if (!await store.PingAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("InfluxDB does not answer /ping", data: data);
        }

        return writer.IsStoreReachable
            ? HealthCheckResult.Healthy("reachable", data)
            : HealthCheckResult.Unhealthy("writes are failing; points are held and retried", data: data);
    }
}
