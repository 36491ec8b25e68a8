using CommandCenter.TelemetryIngest.Broker;
using CommandCenter.TelemetryIngest.Pipeline;
using Microsoft.Extensions.Options;

namespace CommandCenter.Cluster;

/// <summary>
/// Cluster mode: when a silo dies, one survivor takes over the ingest session it left at the broker.
/// </summary>
/// <remarks>
/// A broker such as Mosquitto keeps a persistent session in the shared group after its connection
/// drops and goes on routing that member's share of the device stream into it. Without this, that
/// share would wait until the dead silo came back, and be dropped when the session expired. Each silo
/// is named after its ingest client id, so the survivors know the session; the active silo with the
/// lowest address connects as it, takes what was queued, leaves the shared group and disconnects.
/// If the dead silo comes back meanwhile, it takes its session back and the adoption ends.
/// </remarks>
public sealed partial class IngestSessionAdoption(
    IClusterMembershipService membership,
    ILocalSiloDetails localSilo,
    IHostApplicationLifetime lifetime,
    IOptions<MqttBrokerOptions> options,
    IngestPipeline pipeline,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<IngestSessionAdoption> logger) : BackgroundService
{
    /// <summary>How long an adopted session must stay quiet before it is considered empty.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The silo must have joined the cluster before its view of the membership means anything.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetResult()))
        {
            await started.Task;
        }

        if (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        LogWatching(localSilo.Name);
        var adoptions = new List<Task>();

        // Members already dead when this silo joined are left alone: the silo that saw them die adopted their sessions.
        var seen = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Dead)
            .Select(member => member.SiloAddress)
            .ToHashSet();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var adopter = snapshot.Members.Values
                    .Where(member => member.Status == SiloStatus.Active)
                    .Select(member => member.SiloAddress)
                    .Order()
                    .FirstOrDefault();
                var comingOrActive = snapshot.Members.Values
                    .Where(member => member.Status is SiloStatus.Created or SiloStatus.Joining or SiloStatus.Active)
                    .Select(member => member.Name)
                    .ToHashSet();
                foreach (var dead in snapshot.Members.Values.Where(member => member.Status == SiloStatus.Dead && seen.Add(member.SiloAddress)))
                {
                    // A silo restarted under the same name (often the reason the old one is declared dead) resumes its own session.
                    if (localSilo.SiloAddress.Equals(adopter) && !comingOrActive.Contains(dead.Name))
                    {
                        adoptions.Add(AdoptAsync(dead.Name, stoppingToken));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        await Task.WhenAll(adoptions);
    }

    private async Task AdoptAsync(string clientId, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        var session = ExternalBrokerIngest.ForAdoptedSession(options.Value, clientId, pipeline, time, loggers.CreateLogger<ExternalBrokerIngest>());
        try
        {
            LogAdopting(clientId);
            await session.StartAsync(stoppingToken);
            using var poll = new PeriodicTimer(PollInterval, time);
            while (!session.IsDrained(Quiet) && await poll.WaitForNextTickAsync(stoppingToken))
            {
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is left stays in the session at the broker.
        }
        catch (Exception ex)
        {
            LogAdoptionFailed(ex, clientId);
        }
        finally
        {
            // Leaves the shared group and finishes what it received; the session keeps nothing more.
            await session.StopAsync(CancellationToken.None);
            session.Dispose();
            LogAdopted(clientId, session.Received, time.GetElapsedTime(started));
        }
    }

    [LoggerMessage(LogLevel.Information, "Silo {Silo} will take over the broker session of any silo that dies")]
    private partial void LogWatching(string silo);

    [LoggerMessage(LogLevel.Information, "Silo of ingest {ClientId} died; taking over its session at the broker")]
    private partial void LogAdopting(string clientId);

    [LoggerMessage(LogLevel.Information, "Session {ClientId} taken over: {Count} messages handled in {Elapsed}; it has left the shared group")]
    private partial void LogAdopted(string clientId, long count, TimeSpan elapsed);

    [LoggerMessage(LogLevel.Error, "Taking over the session {ClientId} failed; its messages wait at the broker for that silo to return")]
    private partial void LogAdoptionFailed(Exception exception, string clientId);
}
