using System.Collections.Concurrent;
using System.Security.Claims;
using CommandCenter.Auth;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Live;

/// <summary>
/// A hub connection is authenticated once, when it opens, and a wall or an integration may keep it open
/// for days. This re-checks every open connection of the live hub every
/// <see cref="ConsoleAuthExtensions.RevocationCheckInterval"/> (<see cref="SessionCheck"/>) and closes
/// those whose user was revoked since — sessions ended, password reset, locked, deleted, API key
/// revoked — so they stop receiving, as revoked consoles do. Reconnecting is then refused (401).
/// </summary>
public sealed class LiveHubRevalidation(IServiceScopeFactory scopes, TimeProvider time, ILogger<LiveHubRevalidation> logger) : BackgroundService, IHubFilter
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _connections = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        _connections[context.Context.ConnectionId] = context.Context;
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        _connections.TryRemove(context.Context.ConnectionId, out _);
        await next(context, exception);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ConsoleAuthExtensions.RevocationCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await CloseRevokedAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be briefly unreachable: connections stay open until a check succeeds.
                    logger.LogWarning(ex, "Could not re-check the live hub's connections; trying again in {Interval}", ConsoleAuthExtensions.RevocationCheckInterval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, also when start-up failed before the host could stop it (then the host would report a
            // cancelled loop as a crash and bury the reason start-up failed).
        }
    }

    private async Task CloseRevokedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SessionCheck>();
        // Many connections share one session (a wall account's screens, an integration's workers): ask the store once for each.
        var verdicts = new Dictionary<string, bool>();
        foreach (var connection in _connections.Values)
        {
            var user = connection.User ?? new ClaimsPrincipal();
            var session = SessionOf(user);
            if (!verdicts.TryGetValue(session, out var valid))
            {
                verdicts[session] = valid = await sessions.StillValidAsync(user, cancellationToken);
            }

            if (!valid)
            {
                logger.LogInformation("Closing live hub connection {Connection} of {User}: the user or its API key was revoked", connection.ConnectionId, user.Identity?.Name);
                connection.Abort();
            }
        }
    }

    private static string SessionOf(ClaimsPrincipal user) =>
        string.Join('\n', user.Claims.Select(claim => $"{claim.Type}={claim.Value}").Prepend(user.Identity?.AuthenticationType ?? ""));
}
