using System.Net;
using System.Net.Sockets;

namespace CommandCenter.Testing;

/// <summary>How much of each kind of hostile traffic a flood sends.</summary>
/// <param name="OversizedConnects">Connections that send a CONNECT fixed header declaring 256 MB, then 64 bytes of it, and stay open.</param>
/// <param name="GarbageConnections">Connections that send 1–512 random bytes and close.</param>
/// <param name="SlowSenders">Connections that send a CONNECT one byte a second and never finish it.</param>
/// <param name="SourceAddresses">How many loopback source addresses (127.1.x.y) the flood comes from.</param>
public sealed record FloodPlan(int OversizedConnects = 500, int GarbageConnections = 1000, int SlowSenders = 200, int SourceAddresses = 40);

/// <summary>
/// Hostile traffic at an MQTT port from loopback addresses other than 127.0.0.1, as an attacker
/// on the network would send it before signing in. Bounded in count and time; stops by itself.
/// </summary>
public sealed class MqttFlood : IAsyncDisposable
{
    private static readonly byte[] ConnectPrefix = [0x10, 0x2A, 0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x05, 0xC2, 0x00, 0x3C];

    private readonly List<Socket> _held = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _slow = Task.CompletedTask;
    private int _refusedAtConnect;

    private MqttFlood()
    {
    }

    /// <summary>TCP connects the listener refused outright (backlog full or reset).</summary>
    public int RefusedAtConnect => Volatile.Read(ref _refusedAtConnect);

    /// <summary>Sends the oversized and garbage connections, and starts the slow senders (which run until disposed, at most 30 s).</summary>
    public static async Task<MqttFlood> StartAsync(int port, FloodPlan plan, CancellationToken cancellationToken)
    {
        var flood = new MqttFlood();
        var random = new Random(1906);
        var slowSockets = new List<Socket>();
        var next = 0;
        IPAddress Source() => IPAddress.Parse($"127.1.{next / 250 % 250}.{(next++ % plan.SourceAddresses) + 1}");

        var oversized = Enumerable.Range(0, plan.OversizedConnects).Select(_ => (Source(), Kind: 0));
        var garbage = Enumerable.Range(0, plan.GarbageConnections).Select(_ => (Source(), Kind: 1));
        foreach (var chunk in oversized.Concat(garbage).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(async item =>
            {
                var socket = await flood.ConnectAsync(item.Item1, port, cancellationToken);
                if (socket is null)
                {
                    return;
                }

                try
                {
                    if (item.Kind == 0)
                    {
                        await socket.SendAsync((byte[])[0x10, 0xFF, 0xFF, 0xFF, 0x7F, .. new byte[64]], cancellationToken);
                        flood.Hold(socket);
                    }
                    else
                    {
                        byte[] bytes;
                        lock (random)
                        {
                            bytes = new byte[random.Next(1, 513)];
                            random.NextBytes(bytes);
                        }

                        await socket.SendAsync(bytes, cancellationToken);
                        socket.Dispose();
                    }
                }
                catch (SocketException)
                {
                    socket.Dispose();
                }
            }));
        }

        for (var i = 0; i < plan.SlowSenders; i++)
        {
            if (await flood.ConnectAsync(Source(), port, cancellationToken) is { } socket)
            {
                slowSockets.Add(socket);
                flood.Hold(socket);
            }
        }

        flood._slow = TrickleAsync(slowSockets, flood._stop.Token);
        return flood;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _slow;
        lock (_gate)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    /// <summary>Each slow sender sends the next byte of a CONNECT every second, for at most 30 s.</summary>
    private static async Task TrickleAsync(List<Socket> sockets, CancellationToken stop)
    {
        try
        {
            for (var i = 0; i < Math.Min(ConnectPrefix.Length, 30); i++)
            {
                foreach (var socket in sockets)
                {
                    try
                    {
                        await socket.SendAsync(ConnectPrefix.AsMemory(i, 1), SocketFlags.None, stop);
                    }
                    catch (SocketException)
                    {
                        // The listener dropped it (the CONNECT deadline): that is the point.
                    }
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<Socket?> ConnectAsync(IPAddress source, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Interlocked.Increment(ref _refusedAtConnect);
            socket.Dispose();
            return null;
        }
    }

    private void Hold(Socket socket)
    {
        lock (_gate)
        {
            _held.Add(socket);
        }
    }
}
