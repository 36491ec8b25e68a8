using System.Buffers;
using System.Threading.Channels;
using CommandCenter.Protocol;
using CommandCenter.TelemetryIngest.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace CommandCenter.TelemetryIngest.Broker;

/// <summary>
/// Ingest as a client of an external MQTT 5 broker. It joins a shared subscription to every protocol
/// topic, so several command center instances split the stream, and acknowledges a message to the
/// broker only once the pipeline has finished with it; until then the broker keeps it in this client's
/// session and delivers it again after a reconnect.
/// </summary>
/// <remarks>
/// The broker authenticates devices and enforces their topic ACLs, so messages reach the pipeline
/// without a publisher. Messages of one device are handled in order; different devices in parallel.
/// </remarks>
public sealed partial class ExternalBrokerIngest : BackgroundService, IMqttIngress
{
    /// <summary>MQTT 5 user property through which a broker may pass on the publisher's client id.</summary>
    public const string ClientIdUserProperty = "client-id";

    private const int Workers = 16;
    private const int QueuePerWorker = 64;
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);

    private readonly MqttBrokerOptions _options;
    private readonly IngestPipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ILogger<ExternalBrokerIngest> _logger;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly MqttClientSubscribeOptions _subscription;
    private readonly string _filter;
    private readonly string _brokerUrl;
    private readonly Channel<Delivery>[] _queues;
    private readonly CancellationTokenSource _processing = new();
    private readonly bool _adopted;
    private volatile bool _subscribed;
    private volatile bool _finished;
    private long _received;
    private long _lastReceivedTicks;
    private int _unfinished;
    private volatile string _problem = "not connected yet";
    private int _connection;
    private int _holding;

    public ExternalBrokerIngest(
        IOptions<MqttBrokerOptions> options,
        IngestPipeline pipeline,
        TimeProvider time,
        ILogger<ExternalBrokerIngest> logger)
        : this(options.Value, pipeline, time, logger, adopted: false)
    {
    }

    private ExternalBrokerIngest(MqttBrokerOptions options, IngestPipeline pipeline, TimeProvider time, ILogger<ExternalBrokerIngest> logger, bool adopted)
    {
        _options = options;
        _adopted = adopted;
        _pipeline = pipeline;

        // The quiet period of an adopted session counts from its start, not from the epoch.
        _lastReceivedTicks = time.GetUtcNow().UtcTicks;
        _time = time;
        _logger = logger;
        _filter = $"$share/{_options.SharedSubscriptionGroup}/{Topics.All}";
        _brokerUrl = $"mqtt://{_options.ExternalHost}:{_options.ExternalPort}";
        _queues = Enumerable.Range(0, Workers)
            .Select(_ => Channel.CreateBounded<Delivery>(new BoundedChannelOptions(QueuePerWorker) { SingleReader = true, SingleWriter = true }))
            .ToArray();

        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.ExternalHost, _options.ExternalPort)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            // A persistent session: QoS 1 messages for this client wait at the broker while it reconnects.
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            // Bounds the unacknowledged messages in this process; the broker keeps the rest until they are asked for.
            .WithReceiveMaximum(Workers * QueuePerWorker);
        if (!string.IsNullOrEmpty(_options.ExternalUsername))
        {
            builder.WithCredentials(_options.ExternalUsername, _options.ExternalPassword);
        }

        _clientOptions = builder.Build();
        _subscription = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter => filter.WithTopic(_filter).WithAtLeastOnceQoS())
            .Build();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>
    /// Ingest on the session a dead instance left at the broker (its <paramref name="clientId"/>): it takes
    /// what the broker queued there. It never creates that session, and it gives the session up for good
    /// when the instance comes back and connects with its own id; stop it once <see cref="IsDrained"/>.
    /// </summary>
    public static ExternalBrokerIngest ForAdoptedSession(
        MqttBrokerOptions options, string clientId, IngestPipeline pipeline, TimeProvider time, ILogger<ExternalBrokerIngest> logger) =>
        new(options.WithClientId(clientId), pipeline, time, logger, adopted: true);

    /// <summary>Messages received from the broker so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>
    /// An adopted session is done: the broker had no such session, the instance took it back, or nothing
    /// arrived for <paramref name="quiet"/> and every message received is finished.
    /// </summary>
    public bool IsDrained(TimeSpan quiet) =>
        _finished
        || (_subscribed && Volatile.Read(ref _unfinished) == 0
            && _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastReceivedTicks) >= quiet.Ticks);

    /// <summary>True while connected to the broker and subscribed.</summary>
    public bool IsConnected => _subscribed && _client.IsConnected;

    public bool IsRunning => IsConnected;

    public string Describe() => IsConnected
        ? $"subscribed to {_filter} on {_brokerUrl} as {_options.ClientId}"
        : $"not connected to {_brokerUrl}: {_problem}";

    public override void Dispose()
    {
        base.Dispose();
        _client.Dispose();
        _processing.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = _queues.Select(queue => ProcessAsync(queue.Reader)).ToArray();
        try
        {
            await KeepConnectedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping while connecting.
        }
        finally
        {
            await StopReceivingAsync(workers);
        }
    }

    /// <summary>Pings while connected; connects and subscribes again when not, backing off while the broker is away.</summary>
    private async Task KeepConnectedAsync(CancellationToken stoppingToken)
    {
        var delay = CheckInterval;
        var warned = false;
        var everSubscribed = false;
        var lostAt = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested && !_finished)
        {
            if (_subscribed && await PingAsync(stoppingToken))
            {
                delay = CheckInterval;
            }
            else if (stoppingToken.IsCancellationRequested || _finished)
            {
                return;
            }
            else
            {
                if (_subscribed)
                {
                    _subscribed = false;
                    _problem = "connection lost";
                    lostAt = _time.GetUtcNow();
                    warned = true;
                    LogConnectionLost(_brokerUrl);
                }

                try
                {
                    var sessionPresent = await ConnectAndSubscribeAsync(stoppingToken);
                    if (_finished)
                    {
                        return;
                    }

                    if (everSubscribed)
                    {
                        LogReconnected(_brokerUrl, _time.GetUtcNow() - lostAt, _filter, _options.ClientId, sessionPresent);
                    }
                    else
                    {
                        LogSubscribed(_filter, _brokerUrl, _options.ClientId, _options.SharedSubscriptionGroup);
                    }

                    everSubscribed = true;
                    warned = false;
                    delay = CheckInterval;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    _problem = ex is OperationCanceledException ? $"no answer within {OperationTimeout.TotalSeconds:0} s" : ex.Message;
                    if (warned)
                    {
                        LogConnectRetry(ex, _brokerUrl);
                    }
                    else
                    {
                        warned = true;
                        LogCannotConnect(_brokerUrl, ex.Message);
                    }

                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
                }
            }

            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> PingAsync(CancellationToken stoppingToken)
    {
        // MQTTnet applies its own timeout only when given no token; a half-open connection must not hang the loop.
        using var timeout = new CancellationTokenSource(OperationTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        return await _client.TryPingAsync(linked.Token);
    }

    /// <summary>Connects with the persistent session and (re)subscribes; returns whether the broker still had the session.</summary>
    private async Task<bool> ConnectAndSubscribeAsync(CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(OperationTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        var cancellationToken = linked.Token;
        if (_client.IsConnected)
        {
            // Connected but not answering pings: start over on a fresh connection.
            await _client.TryDisconnectAsync();
        }

        // Deliveries of the previous connection must not be acknowledged on this one (see AcknowledgeAsync).
        Interlocked.Increment(ref _connection);
        var connected = await _client.ConnectAsync(_clientOptions, cancellationToken);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the connection: {connected.ResultCode} {connected.ReasonString}".TrimEnd());
        }

        if (_adopted && !connected.IsSessionPresent)
        {
            // Nothing was left behind; subscribing would make an empty session a new member of the group.
            _finished = true;
            await _client.TryDisconnectAsync();
            return false;
        }

        // Subscribing again is harmless when the session survived, and needed when the broker lost it (a restart without persistence).
        var subscribed = await _client.SubscribeAsync(_subscription, cancellationToken);
        var granted = subscribed.Items.Single().ResultCode;
        if (granted != MqttClientSubscribeResultCode.GrantedQoS1)
        {
            await _client.TryDisconnectAsync();
            throw new InvalidOperationException($"the broker answered the subscription to {_filter} with {granted}");
        }

        _subscribed = true;
        return connected.IsSessionPresent;
    }

    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        // Acknowledged by a worker once the pipeline is done with it, not when this handler returns.
        args.AutoAcknowledge = false;
        Interlocked.Increment(ref _received);
        Interlocked.Increment(ref _unfinished);
        Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);
        var message = args.ApplicationMessage;
        var ingest = new IngestMessage(message.Topic, message.Payload.ToArray(), PublisherClientId(message), Publisher: null);
        try
        {
            await QueueFor(message.Topic).Writer.WriteAsync(new Delivery(ingest, args, Volatile.Read(ref _connection)), _processing.Token);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException)
        {
            // Shutting down: left unacknowledged, the message stays in the session at the broker.
            Interlocked.Decrement(ref _unfinished);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.Reason == MqttClientDisconnectReason.SessionTakenOver)
        {
            if (_adopted)
            {
                // The instance is back and resumed its own session: from here on it is its to drain.
                _finished = true;
            }
            else
            {
                LogSessionTakenOver(_options.ClientId);
            }
        }

        return Task.CompletedTask;
    }

    private static string? PublisherClientId(MqttApplicationMessage message) =>
        message.UserProperties?.FirstOrDefault(property => property.Name == ClientIdUserProperty)?.ReadValueAsString();

    private Channel<Delivery> QueueFor(string topic)
    {
        var key = Topics.TryParse(topic, out _, out var deviceId) ? deviceId : topic;
        return _queues[(uint)StringComparer.Ordinal.GetHashCode(key) % Workers];
    }

    private async Task ProcessAsync(ChannelReader<Delivery> queue)
    {
        await foreach (var delivery in queue.ReadAllAsync())
        {
            if (await HandOverAsync(delivery.Message) is { } outcome)
            {
                await AcknowledgeAsync(delivery, outcome);
            }

            Interlocked.Decrement(ref _unfinished);
        }
    }

    /// <summary>
    /// Hands a message to the pipeline until it takes it: an overloaded pipeline (or a failing one) is
    /// retried with back-off while the broker keeps the message. Null when ingest stops first.
    /// </summary>
    private async Task<IngestOutcome?> HandOverAsync(IngestMessage message)
    {
        var cancellationToken = _processing.Token;
        var delay = FirstRetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await _pipeline.HandleAsync(message, cancellationToken);
                if (outcome.Result != IngestResult.Overloaded)
                {
                    // Only an accepted message shows the pipeline stores again; refusals never reach the spool.
                    if (outcome.Result == IngestResult.Accepted && Interlocked.Exchange(ref _holding, 0) == 1)
                    {
                        LogNoLongerHolding();
                    }

                    return outcome;
                }

                if (Interlocked.Exchange(ref _holding, 1) == 0)
                {
                    LogHolding(null, outcome.Reason ?? "the pipeline is overloaded");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                if (Interlocked.Exchange(ref _holding, 1) == 0)
                {
                    LogHolding(ex, ex.Message);
                }
            }

            try
            {
                await Task.Delay(delay, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }

        return null;
    }

    private async Task AcknowledgeAsync(Delivery delivery, IngestOutcome outcome)
    {
        // A PUBACK sent on a later connection could match another message that reuses the packet id.
        // Skipping it is safe: the broker redelivers the message and the pipeline reports a duplicate.
        if (delivery.Connection != Volatile.Read(ref _connection) || !_client.IsConnected)
        {
            return;
        }

        if (!outcome.IsAcknowledged)
        {
            // Rejected messages are dead-lettered, so they are finished too; the reason code tells the
            // broker why. Leaving them unacknowledged would hold a receive slot forever and bring them back.
            delivery.Args.ReasonCode = outcome.Result == IngestResult.NotAuthorized
                ? MqttApplicationMessageReceivedReasonCode.NotAuthorized
                : MqttApplicationMessageReceivedReasonCode.PayloadFormatInvalid;
        }

        try
        {
            await delivery.Args.AcknowledgeAsync(_processing.Token);
        }
        catch (Exception ex)
        {
            // The connection dropped meanwhile; the broker will deliver the message again.
            LogAcknowledgeFailed(ex, delivery.Message.Topic);
        }
    }

    /// <summary>Leaves the group, lets the messages already here finish, then says goodbye to the broker.</summary>
    private async Task StopReceivingAsync(Task[] workers)
    {
        var wasSubscribed = _subscribed;
        _subscribed = false;
        using var goodbye = new CancellationTokenSource(GoodbyeTimeout, _time);
        if (wasSubscribed && _client.IsConnected)
        {
            try
            {
                // The broker would otherwise keep routing a share of the stream to this session while nobody reads it.
                await _client.UnsubscribeAsync(_filter, goodbye.Token);
            }
            catch (Exception ex)
            {
                LogGoodbyeFailed(ex);
            }
        }

        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(workers).WaitAsync(DrainTimeout, _time);
        }
        catch (TimeoutException)
        {
            // What is still being retried stays unacknowledged in the session at the broker.
        }

        await _processing.CancelAsync();
        await Task.WhenAll(workers);
        if (_client.IsConnected)
        {
            await _client.TryDisconnectAsync();
        }
    }

    private sealed record Delivery(IngestMessage Message, MqttApplicationMessageReceivedEventArgs Args, int Connection);

    [LoggerMessage(LogLevel.Information, "Ingest subscribed to {Filter} on {Broker} as {ClientId} in shared group {Group}")]
    private partial void LogSubscribed(string filter, string broker, string clientId, string group);

    [LoggerMessage(LogLevel.Information, "Ingest reconnected to {Broker} after {Outage}: subscribed to {Filter} as {ClientId} (session kept by the broker: {SessionPresent})")]
    private partial void LogReconnected(string broker, TimeSpan outage, string filter, string clientId, bool sessionPresent);

    [LoggerMessage(LogLevel.Warning, "Ingest lost its connection to the MQTT broker {Broker}; reconnecting until it answers")]
    private partial void LogConnectionLost(string broker);

    [LoggerMessage(LogLevel.Warning, "Ingest cannot connect to the MQTT broker {Broker} ({Problem}); retrying until it answers")]
    private partial void LogCannotConnect(string broker, string problem);

    [LoggerMessage(LogLevel.Debug, "Connecting to the MQTT broker {Broker} failed again")]
    private partial void LogConnectRetry(Exception exception, string broker);

    [LoggerMessage(LogLevel.Warning, "Ingest holds messages unacknowledged at the broker and retries them: {Reason}")]
    private partial void LogHolding(Exception? exception, string reason);

    [LoggerMessage(LogLevel.Information, "Ingest takes messages again; held messages are being acknowledged")]
    private partial void LogNoLongerHolding();

    [LoggerMessage(LogLevel.Debug, "Could not acknowledge a message on {Topic}; the broker will deliver it again")]
    private partial void LogAcknowledgeFailed(Exception exception, string topic);

    [LoggerMessage(LogLevel.Warning, "Another client connected to the MQTT broker as {ClientId} and took this ingest's session; every instance needs a client id of its own")]
    private partial void LogSessionTakenOver(string clientId);

    [LoggerMessage(LogLevel.Debug, "Leaving the shared subscription failed")]
    private partial void LogGoodbyeFailed(Exception exception);
}
