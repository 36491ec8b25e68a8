using System.Collections.Concurrent;
using CommandCenter.Audit;
using CommandCenter.Live;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Auth;

/// <summary>
/// Tells the operators when throttling starts, so someone guessing passwords or a runaway integration
/// is seen while it happens: the first refusal of a partition records a <see cref="AuditActions.Throttled"/>
/// entry, logs a warning and pushes a <see cref="ThrottleAlert"/> to the admins and city operators
/// watching the hub. Further refusals of that partition within the limit's window are quiet, so a
/// client hammering away floods neither the audit log nor the consoles.
/// </summary>
public sealed class ThrottleAlerts(AuditLog audit, IHubContext<LiveHub, ILiveClient> hub, TimeProvider time, ILogger<ThrottleAlerts> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _quietUntil = new();

    /// <summary>Never throws: a refusal is answered whether or not the alert got through.</summary>
    public async Task ThrottledAsync(AuditActor actor, string partition, string limit, TimeSpan window)
    {
        var now = time.GetUtcNow();
        if (!TryStartWindow(partition, now, now + window))
        {
            return;
        }

        logger.LogWarning("Throttling {Partition} from {Address}: over {Limit}; further refusals in the next {Window} are not reported", partition, actor.Address, limit, window);
        await audit.RecordAsync(actor, AuditActions.Throttled, partition, $"over {limit}");
        try
        {
            await hub.Clients.Group(LiveHubGroups.SecurityAlerts).Throttled(new ThrottleAlert(partition, limit, actor.Address, now));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not push the throttling alert for {Partition} to the live hub", partition);
        }
    }

    /// <summary>True for the one caller that opens the partition's quiet window; throttling that ended long ago is forgotten then.</summary>
    private bool TryStartWindow(string partition, DateTimeOffset now, DateTimeOffset until)
    {
        while (true)
        {
            if (_quietUntil.TryGetValue(partition, out var quietUntil))
            {
                if (quietUntil > now)
                {
                    return false;
                }

                if (_quietUntil.TryUpdate(partition, until, quietUntil))
                {
                    break;
                }
            }
            else if (_quietUntil.TryAdd(partition, until))
            {
                break;
            }
        }

        foreach (var (key, quietUntil) in _quietUntil)
        {
            if (quietUntil <= now)
            {
                _quietUntil.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, quietUntil));
            }
        }

        return true;
    }
}
