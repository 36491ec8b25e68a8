using System.Collections.Concurrent;
using System.Net;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>
/// The gate of the embedded broker's listeners, run as Kestrel connection middleware: a total cap
/// on MQTT connections, a cap per source address on connections that have not signed in, a deadline
/// for signing in, and the per-type packet size limits. Each refusal is counted, logged (throttled)
/// and sampled into the dead letters with the source address.
/// </summary>
public sealed partial class MqttConnectionAdmission
{
    /// <summary>How long a refused device has to read its DISCONNECT before the connection closes.</summary>
    private static readonly TimeSpan RefusalGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a CONNECT waits for the same client id's previous connection to end: longer when that one is already closing.</summary>
    private static readonly TimeSpan ClosingSessionWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LiveSessionWait = TimeSpan.FromMilliseconds(500);

    private readonly MqttListenerOptions _options;
    private readonly MqttPacketLimits _limits;
    private readonly DeadLetterStore _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttConnectionAdmission> _logger;
    private readonly IPNetwork[] _exempt;
    private readonly ConcurrentDictionary<IPAddress, int> _pendingByAddress = new();
    private readonly ConcurrentDictionary<EndPoint, AdmittedConnection> _byEndPoint = new();
    private readonly ConcurrentDictionary<string, AdmittedConnection> _byClientId = new(StringComparer.Ordinal);
    private int _open;
    private int _pendingTotal;

    public MqttConnectionAdmission(
        IOptions<MqttListenerOptions> options,
        DeadLetterStore deadLetters,
        TimeProvider time,
        ILogger<MqttConnectionAdmission> logger)
    {
        _options = options.Value;
        _limits = new MqttPacketLimits(_options);
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        _exempt = _options.ExemptRanges.Select(range => IPNetwork.Parse(range)).ToArray();
        OpenFileLimit = ReadOpenFileLimit();
        MaxConnections = _options.EffectiveMaxConnections(OpenFileLimit);
    }

    /// <summary>The cap on all MQTT connections together.</summary>
    public int MaxConnections { get; }

    /// <summary>The process's open-file limit, when the platform tells it.</summary>
    public long? OpenFileLimit { get; }

    /// <summary>MQTT connections open now, signed in or not.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    /// <summary>Asks the broker to disconnect a signed-in client with a reason; set by the broker at start.</summary>
    public Func<string, PacketViolation, Task>? DisconnectSignedIn { get; set; }

    public void LogLimits() => LogLimitsInForce(
        MaxConnections, OpenFileLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown",
        _options.MaxPendingPerAddress, _options.ConnectTimeout.TotalSeconds, _options.MaxConnectBytes, _options.MaxPublishBytes);

    /// <summary>Outermost middleware of an MQTT listener (before TLS): caps and the sign-in deadline.</summary>
    public async Task AdmitAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var source = connection.RemoteEndPoint as IPEndPoint;
        var address = source?.Address is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : source?.Address ?? IPAddress.None;
        var from = source?.ToString() ?? "unknown";
        if (Interlocked.Increment(ref _open) > MaxConnections)
        {
            Interlocked.Decrement(ref _open);
            Refuse(RejectReason.ConnectionLimit, $"connection from {from} refused: {MaxConnections} MQTT connections are open (Mqtt:Limits:MaxConnections)");
            return;
        }

        var admitted = new AdmittedConnection(connection, SourceOf(address), from, counted: !IsExempt(address));
        Interlocked.Increment(ref _pendingTotal);
        try
        {
            if (admitted.CountedAsPending && _pendingByAddress.AddOrUpdate(admitted.Address, 1, (_, n) => n + 1) > _options.MaxPendingPerAddress)
            {
                Refuse(RejectReason.ConnectionLimit,
                    $"connection from {from} refused: {_options.MaxPendingPerAddress} connections from {admitted.Address} have not signed in yet (Mqtt:Limits:MaxPendingPerAddress)");
                return;
            }

            if (Volatile.Read(ref _pendingTotal) > _options.MaxPendingTotal)
            {
                Refuse(RejectReason.ConnectionLimit,
                    $"connection from {from} refused: {_options.MaxPendingTotal} connections in all have not signed in yet (Mqtt:Limits:MaxPendingTotal)");
                return;
            }

            connection.Features.Set(admitted);
            if (source is not null)
            {
                _byEndPoint[source] = admitted;
            }

            using var deadline = _time.CreateTimer(_ => DropIfNotSignedIn(admitted), null, _options.ConnectTimeout, Timeout.InfiniteTimeSpan);
            await next(connection);
        }
        finally
        {
            ReleasePending(admitted);
            if (source is not null)
            {
                _byEndPoint.TryRemove(new KeyValuePair<EndPoint, AdmittedConnection>(source, admitted));
            }

            if (admitted.ClientId is { } clientId)
            {
                _byClientId.TryRemove(new KeyValuePair<string, AdmittedConnection>(clientId, admitted));
            }

            admitted.Ended.TrySetResult();
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Innermost middleware before the MQTT handler (after TLS): the packet size limits.</summary>
    public async Task GuardPacketsAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var admitted = connection.Features.Get<AdmittedConnection>();
        var transport = connection.Transport;
        var guard = new PacketGuardReader(transport.Input, _limits, violation => OnViolation(connection, admitted, violation),
            onPeerClosing: () => admitted?.PeerClosing = true);
        connection.Transport = new GuardedTransport(guard, transport.Output);
        await next(connection);
        if (guard.Stopped)
        {
            await guard.DrainAsync(RefusalGrace, _time);
        }
    }

    /// <summary>
    /// The broker accepted a CONNECT from this endpoint: the connection no longer counts against its
    /// address and its packets are now the device's own.
    /// </summary>
    public void MarkSignedIn(EndPoint? remote, string clientId)
    {
        if (remote is not null && _byEndPoint.TryGetValue(remote, out var admitted))
        {
            admitted.ClientId = clientId;
            _byClientId[clientId] = admitted;
            ReleasePending(admitted);
        }
    }

    /// <summary>
    /// Lets the same client id's previous connection end before a new CONNECT is accepted. MQTTnet
    /// (5.2) races a CONNECT against the end of that id's previous session: the ending session removes
    /// the id's client entry and session after the new connection registered, which stops the new one.
    /// A device that disconnects and connects again at once would lose its new connection. The wait is
    /// bounded: a previous connection that stays open is taken over, as MQTT requires.
    /// </summary>
    public async Task AwaitPreviousConnectionAsync(string clientId)
    {
        if (!_byClientId.TryGetValue(clientId, out var previous))
        {
            return;
        }

        try
        {
            await previous.Ended.Task.WaitAsync(previous.PeerClosing ? ClosingSessionWait : LiveSessionWait, _time);
        }
        catch (TimeoutException)
        {
            LogTakeover(clientId, previous.From);
        }
    }

    private Task OnViolation(ConnectionContext connection, AdmittedConnection? admitted, PacketViolation violation)
    {
        var reason = violation.Verdict == HeaderVerdict.TooLarge ? RejectReason.PacketTooLarge : RejectReason.MalformedPacket;
        var from = admitted?.From ?? connection.RemoteEndPoint?.ToString() ?? "unknown";
        if (admitted?.ClientId is { } clientId)
        {
            // A signed-in device's own fault: kept with its messages, and the broker tells it why in a DISCONNECT.
            _ = _deadLetters.AddAsync(
                DecodeResult.Reject(reason, $"disconnected: {violation.Detail} (from {from})", clientId), DeadLetterStore.ConnectTopic, clientId, []);
            if (DisconnectSignedIn is { } disconnect)
            {
                return DisconnectThenAbortAsync(disconnect, clientId, violation, connection);
            }
        }
        else
        {
            Refuse(reason, $"connection from {from} dropped before signing in: {violation.Detail}");
            if (admitted is not null)
            {
                ReleasePending(admitted);
            }
        }

        connection.Abort(new ConnectionAbortedException(violation.Detail));
        return Task.CompletedTask;
    }

    private async Task DisconnectThenAbortAsync(Func<string, PacketViolation, Task> disconnect, string clientId, PacketViolation violation, ConnectionContext connection)
    {
        try
        {
            await disconnect(clientId, violation).WaitAsync(RefusalGrace, _time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDisconnectFailed(clientId, ex.Message);
            connection.Abort(new ConnectionAbortedException(violation.Detail));
        }
    }

    private void DropIfNotSignedIn(AdmittedConnection admitted)
    {
        if (admitted.ClientId is null)
        {
            Refuse(RejectReason.ConnectTimeout,
                $"connection from {admitted.From} dropped: no CONNECT completed within {_options.ConnectTimeout.TotalSeconds:F0} s (Mqtt:Limits:ConnectTimeout)");

            // The slot is free once the connection is dropped, not when its middleware unwinds later: a
            // source that sees the close and connects again at once must not be refused for its own dead connection.
            ReleasePending(admitted);
            admitted.Connection.Abort(new ConnectionAbortedException("CONNECT not completed in time"));
        }
    }

    private void Refuse(RejectReason reason, string detail) =>
        _ = _deadLetters.AddConnectionRefusalAsync(reason, detail, clientId: null, deviceId: null);

    private void ReleasePending(AdmittedConnection admitted)
    {
        if (Interlocked.Exchange(ref admitted.PendingReleased, 1) != 0)
        {
            return;
        }

        Interlocked.Decrement(ref _pendingTotal);
        if (admitted.CountedAsPending)
        {
            var left = _pendingByAddress.AddOrUpdate(admitted.Address, 0, (_, n) => n - 1);
            if (left <= 0)
            {
                _pendingByAddress.TryRemove(new KeyValuePair<IPAddress, int>(admitted.Address, left));
            }
        }
    }

    private bool IsExempt(IPAddress address) => _exempt.Any(range => range.Contains(address));

    /// <summary>What the per-address cap counts: an IPv4 address, or the /64 an IPv6 address is in.</summary>
    private static IPAddress SourceOf(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address;
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes);
    }

    /// <summary>The soft limit on open files, from <c>/proc/self/limits</c> on Linux.</summary>
    private static long? ReadOpenFileLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var fields = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields is { Length: > 0 } && long.TryParse(fields[0], out var soft) ? soft : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "MQTT limits: {MaxConnections} connections in all (open-file limit {OpenFiles}), {PendingPerAddress} not yet signed in per address, CONNECT within {TimeoutSeconds} s, CONNECT ≤ {ConnectBytes} B, PUBLISH ≤ {PublishBytes} B")]
    private partial void LogLimitsInForce(int maxConnections, string openFiles, int pendingPerAddress, double timeoutSeconds, int connectBytes, int publishBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Client {ClientId} connected again while its connection from {From} is still open: that one is taken over")]
    private partial void LogTakeover(string clientId, string from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send DISCONNECT to {ClientId}: {Error}; closing the connection")]
    private partial void LogDisconnectFailed(string clientId, string error);
}

/// <summary>What the gate knows of one MQTT connection.</summary>
internal sealed class AdmittedConnection(ConnectionContext connection, IPAddress address, string from, bool counted)
{
    public int PendingReleased;

    public ConnectionContext Connection { get; } = connection;

    public IPAddress Address { get; } = address;

    public string From { get; } = from;

    public bool CountedAsPending { get; } = counted;

    /// <summary>Set once the broker accepted its CONNECT.</summary>
    public volatile string? ClientId;

    /// <summary>Set once the peer sent DISCONNECT or closed its side: its session is ending.</summary>
    public volatile bool PeerClosing;

    /// <summary>Completed when the connection has ended, its MQTT session with it.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
