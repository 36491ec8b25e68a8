using System.Collections.Concurrent;
using System.Net;
using CommandCenter.Testing;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Tests.Consoles;

/// <summary>A SignalR client of the live hub that records every alarm and elevator change pushed to it.</summary>
internal sealed class LiveClient : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private LiveClient(HubConnection connection) => _connection = connection;

    public ConcurrentQueue<LiveAlarm> Alarms { get; } = new();

    public ConcurrentQueue<LiveElevator> Elevators { get; } = new();

    /// <summary>The <c>throttled</c> security alerts received since <see cref="JoinSecurityAlertsAsync"/>.</summary>
    public ConcurrentQueue<ThrottleAlert> Throttled { get; } = new();

    /// <summary>The server closed the connection (this client never reconnects by itself).</summary>
    public bool IsClosed => _connection.State == HubConnectionState.Disconnected;

    /// <summary>Connects anonymously, or as the signed-in user whose cookies are given.</summary>
    public static Task<LiveClient> ConnectAsync(string baseUrl, CookieContainer? cookies = null) =>
        ConnectAsync(baseUrl, options =>
        {
            if (cookies is not null)
            {
                options.Cookies = cookies;
            }
        });

    /// <summary>Connects with the transport options given, e.g. an integration client's API key header.</summary>
    public static async Task<LiveClient> ConnectAsync(string baseUrl, Action<HttpConnectionOptions> configure)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl($"{baseUrl}{LiveHubNames.Path}", configure)
            .Build();
        var client = new LiveClient(connection);
        connection.On<LiveAlarm>(LiveHubNames.AlarmChanged, client.Alarms.Enqueue);
        connection.On<LiveElevator[]>(LiveHubNames.ElevatorsChanged, batch => Array.ForEach(batch, client.Elevators.Enqueue));
        connection.On<ThrottleAlert>(LiveHubNames.Throttled, client.Throttled.Enqueue);
        await connection.StartAsync();
        return client;
    }

    /// <summary><c>JoinFirm(firmId)</c>: null asks for the caller's own firm.</summary>
    public Task<LiveFirm> JoinFirmAsync(string? firmId) => _connection.InvokeCoreAsync<LiveFirm>(LiveHubNames.JoinFirm, [firmId]);

    public Task<LiveElevator[]> JoinWallAsync() => _connection.InvokeAsync<LiveElevator[]>(LiveHubNames.JoinWall);

    public Task JoinSecurityAlertsAsync() => _connection.InvokeAsync(LiveHubNames.JoinSecurityAlerts);

    /// <summary>Any hub method by name, for tests that walk the hub's methods; some answer nothing.</summary>
    public Task<object?> InvokeAsync(string method, object?[] arguments) => _connection.InvokeCoreAsync<object?>(method, arguments);

    /// <summary><c>JoinArea(areaKey)</c>: <c>district/{id}</c> or <c>grid/{id}</c>.</summary>
    public Task<LiveArea> JoinAreaAsync(string areaKey) => _connection.InvokeAsync<LiveArea>(LiveHubNames.JoinArea, areaKey);

    /// <summary>Waits for a pushed status of the elevator showing the floor.</summary>
    public Task WaitForFloorAsync(string elevatorId, int floor, TimeSpan deadline) =>
        Eventually.TrueAsync(
            () => Task.FromResult(Elevators.Any(e => e.Id == elevatorId && e.Status!.Floor == floor)),
            deadline,
            $"{elevatorId} at floor {floor}");

    public Task WaitForAlarmOfAsync(string elevatorId, TimeSpan deadline) =>
        Eventually.TrueAsync(() => Task.FromResult(Alarms.Any(a => a.ElevatorId == elevatorId)), deadline, $"an alarm of {elevatorId}");


    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
