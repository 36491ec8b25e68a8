using CommandCenter.Grains.Abstractions;
using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.Journal;
using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace CommandCenter.Health;

/// <summary>The silo answers grain calls and knows its cluster.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(GrainKeys.Management).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        return HealthCheckResult.Healthy($"{hosts.Count} active silo(s)");
    }
}

/// <summary>MQTT messages can reach ingest: the embedded broker listens, or the external broker client is connected and subscribed.</summary>
public sealed class BrokerHealthCheck(IMqttIngress ingress) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(ingress.IsRunning ? HealthCheckResult.Healthy(ingress.Describe()) : HealthCheckResult.Unhealthy(ingress.Describe()));
}

/// <summary>InfluxDB answers its ping and the writer is not stuck retrying.</summary>
public sealed class InfluxHealthCheck(ITimeSeriesStore store, TimeSeriesWriter writer, IngestJournal spool) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["pointsWritten"] = writer.PointsWritten, ["pointsSpooled"] = spool.PendingLines };
        if (!await store.PingAsync(cancellationToken))
        {
            return HealthCheckResult.Unhealthy("InfluxDB does not answer /ping", data: data);
        }

        return writer.IsStoreReachable
            ? HealthCheckResult.Healthy("reachable", data)
            : HealthCheckResult.Unhealthy("writes are failing; points stay in the spool and are retried", data: data);
    }
}
