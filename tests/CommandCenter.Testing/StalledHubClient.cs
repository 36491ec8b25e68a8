using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.Testing;

/// <summary>
/// A wall screen that joins the live hub and then stops reading, as a frozen browser tab or a client
/// behind a dead-slow link does: the raw SignalR JSON protocol over a WebSocket whose socket receive
/// buffer is pinned to 4 KB, so the command center's pushes to it pile up on the server side. It
/// keeps sending pings, so the server cannot tell it from a live client and never times it out.
/// </summary>
public sealed class StalledHubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(5);

    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pings;

    private StalledHubClient(ClientWebSocket socket)
    {
        _socket = socket;
        _pings = PingAsync();
    }

    /// <summary>True while the server has not closed the connection (a ping could still be sent).</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>
    /// Negotiates, handshakes, invokes <c>JoinWall</c>, and from then on reads nothing. The live hub
    /// takes signed-in users only: pass the cookies of a wall or city operator user.
    /// </summary>
    public static async Task<StalledHubClient> JoinWallAsync(string baseUrl, CookieContainer? user = null, string hubPath = LiveHubNames.Path)
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = user ?? new CookieContainer() }) { BaseAddress = new Uri(baseUrl) };
        using var negotiated = await http.PostAsync($"{hubPath}/negotiate?negotiateVersion=1", null);
        negotiated.EnsureSuccessStatusCode();
        var token = (await negotiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString();

        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                // Set before connecting, so the kernel never widens the window: the server sees a reader that takes ~nothing.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var client = new ClientWebSocket();
        client.Options.SetBuffer(4096, 4096);
        if (user is not null)
        {
            // Options.Cookies cannot go with a custom invoker, so the cookies go as a plain header.
            client.Options.SetRequestHeader("Cookie", user.GetCookieHeader(new Uri(baseUrl)));
        }

        var wsUrl = new UriBuilder(new Uri(new Uri(baseUrl), $"{hubPath}?id={Uri.EscapeDataString(token!)}")) { Scheme = "ws" }.Uri;
        await client.ConnectAsync(wsUrl, new HttpMessageInvoker(handler), CancellationToken.None);
        await SendAsync(client, "{\"protocol\":\"json\",\"version\":1}");
        await ReadHandshakeAsync(client);
        await SendAsync(client, $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"{LiveHubNames.JoinWall}\",\"arguments\":[]}}");
        return new StalledHubClient(client);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pings;
        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
    }

    private static Task SendAsync(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + RecordSeparator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The handshake answer is the one message this client reads.</summary>
    private static async Task ReadHandshakeAsync(ClientWebSocket socket)
    {
        var buffer = new byte[256];
        var answer = new StringBuilder();
        while (!answer.ToString().Contains(RecordSeparator, StringComparison.Ordinal))
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("the hub closed the connection during the handshake");
            }

            answer.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        if (answer.ToString().Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the hub refused the handshake: {answer}");
        }
    }

    private async Task PingAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested && IsOpen)
            {
                await Task.Delay(PingEvery, _stop.Token);
                await SendAsync(_socket, "{\"type\":6}");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped, or the server closed the connection: the caller sees it in IsOpen.
        }
    }
}
