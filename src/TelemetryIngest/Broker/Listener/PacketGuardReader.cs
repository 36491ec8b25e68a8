using System.Buffers;
using System.IO.Pipelines;

namespace CommandCenter.TelemetryIngest.Broker.Listener;

/// <summary>
/// Sits between a connection's transport and the MQTT packet reader and judges every fixed header as
/// soon as it arrives, so a packet over its type's limit is refused before the reader waits for (and
/// buffers) its body. The first packet must be CONNECT. The reader only ever sees whole, allowed
/// packets before a violation, and the end of the stream after it. While the peer does not read what
/// the broker sends back (<see cref="Output"/>'s flush is pending), nothing more is read from it: a
/// device that floods PINGREQs or PUBRELs and never reads would otherwise queue a reply for each.
/// It also tells <paramref name="onPeerClosing"/> once the peer sent DISCONNECT or closed its side.
/// </summary>
internal sealed class PacketGuardReader(
    PipeReader inner, MqttPacketLimits limits, Func<PacketViolation, Task> onViolation, Action onPeerClosing) : PipeReader
{
    private ReadOnlySequence<byte> _returned;
    private long _returnedStart;      // stream offset of the first byte of _returned
    private long _nextHeader;         // stream offset of the next packet's fixed header
    private long _endOfWholePackets;  // stream offset just past the last packet that arrived whole
    private bool _sawConnect;
    private long? _stopAt;            // set by a violation: nothing at or after it reaches the MQTT reader
    private Task _refusal = Task.CompletedTask;

    /// <summary>The connection's output, whose pending flush holds back reading.</summary>
    public BackpressureWriter? Output { get; set; }

    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (Output?.PendingFlush is { } flush)
        {
            await flush.WaitAsync(cancellationToken);
        }

        var result = Inspect(await inner.ReadAsync(cancellationToken));

        // The end of the stream would end the MQTT session at once; the refusal (a DISCONNECT with its
        // reason to a signed-in device) goes out first. Not cancellable: a read is taken and must be
        // handed on, and the refusal ends within its own grace period.
        await _refusal;
        return result;
    }

    public override bool TryRead(out ReadResult result)
    {
        if ((_stopAt is not null && !_refusal.IsCompleted) || !inner.TryRead(out var raw))
        {
            result = default;
            return false;
        }

        result = Inspect(raw);
        return true;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _returnedStart += _returned.Slice(_returned.Start, consumed).Length;
        inner.AdvanceTo(consumed, examined);
    }

    /// <summary>True once a packet was refused.</summary>
    public bool Stopped => _stopAt is not null;

    public override void CancelPendingRead() => inner.CancelPendingRead();

    /// <summary>
    /// After a refusal the transport stays open for <see cref="DrainAsync"/>: closing it with the
    /// refused body still arriving would reset the connection and lose the DISCONNECT on its way out.
    /// </summary>
    public override void Complete(Exception? exception = null)
    {
        if (!Stopped)
        {
            inner.Complete(exception);
        }
    }

    /// <summary>Reads and drops what the peer still sends, until it closes or the grace period ends.</summary>
    public async Task DrainAsync(TimeSpan grace, TimeProvider time)
    {
        using var timeout = new CancellationTokenSource(grace, time);
        try
        {
            while (true)
            {
                var result = await inner.ReadAsync(timeout.Token);
                inner.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or Microsoft.AspNetCore.Connections.ConnectionResetException)
        {
            // The grace period is over, or the peer went away: either way the connection closes now.
        }
        finally
        {
            await inner.CompleteAsync();
        }
    }

    private ReadResult Inspect(ReadResult raw)
    {
        var buffer = raw.Buffer;
        NoteWholePackets(buffer);
        while (_stopAt is null && _nextHeader - _returnedStart < buffer.Length)
        {
            var header = buffer.Slice(_nextHeader - _returnedStart);
            var verdict = limits.Check(header, out var type, out var headerLength, out var remaining, out var limit);
            if (verdict == HeaderVerdict.Incomplete)
            {
                break;
            }

            if (verdict == HeaderVerdict.Allowed && !_sawConnect && type != MqttPacketLimits.ConnectType)
            {
                Stop(new PacketViolation(HeaderVerdict.Malformed, type, remaining + headerLength, limit,
                    $"the first packet must be CONNECT, not {MqttPacketLimits.TypeName(type)}"));
                break;
            }

            if (verdict != HeaderVerdict.Allowed)
            {
                Stop(new PacketViolation(verdict, type, remaining + headerLength, limit, verdict == HeaderVerdict.TooLarge
                    ? $"{MqttPacketLimits.TypeName(type)} of {remaining + headerLength} bytes declared, at most {limit} allowed"
                    : $"not an MQTT fixed header ({MqttPacketLimits.TypeName(type)})"));
                break;
            }

            _sawConnect = true;
            if (type == MqttPacketLimits.DisconnectType)
            {
                onPeerClosing();
            }

            _nextHeader += headerLength + remaining;
            NoteWholePackets(buffer);
        }

        // After a violation, or when the peer has gone, only whole packets are passed on and then the
        // end of the stream: a half packet at the end would otherwise be read again and again.
        var ending = _stopAt is not null || raw.IsCompleted;
        if (raw.IsCompleted)
        {
            onPeerClosing();
        }

        _returned = ending ? buffer.Slice(0, Math.Max(0, Math.Min(buffer.Length, _endOfWholePackets - _returnedStart))) : buffer;
        return new ReadResult(_returned, raw.IsCanceled, raw.IsCompleted || ending);
    }

    private void NoteWholePackets(ReadOnlySequence<byte> buffer)
    {
        if (_nextHeader - _returnedStart <= buffer.Length)
        {
            _endOfWholePackets = _nextHeader;
        }
    }

    private void Stop(PacketViolation violation)
    {
        _stopAt = _nextHeader;
        _refusal = onViolation(violation);
    }
}

/// <summary>A packet refused from its fixed header: what it was, what it declared, and why.</summary>
public sealed record PacketViolation(HeaderVerdict Verdict, byte PacketType, long DeclaredBytes, int Limit, string Detail);

/// <summary>The connection's transport with the guarded reader in front of its input.</summary>
internal sealed class GuardedTransport : IDuplexPipe
{
    public GuardedTransport(PacketGuardReader input, PipeWriter output)
    {
        var writer = new BackpressureWriter(output, input);
        input.Output = writer;
        Input = input;
        Output = writer;
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }
}

/// <summary>
/// The output side of a guarded connection. It remembers a flush that has not completed (the peer is
/// not reading), so the guard stops reading until it has. And where the MQTT handler ends a session
/// by completing the output with an error, which makes Kestrel abort the connection and drop what is
/// still queued, it closes the output normally instead when the broker itself ended the session (a
/// refused packet, or a cancelled read: revoked, taken over, timed out, shutting down), so the
/// DISCONNECT with its reason reaches the device. A failed connection still aborts.
/// </summary>
internal sealed class BackpressureWriter(PipeWriter inner, PacketGuardReader guard) : PipeWriter
{
    private Task? _pendingFlush;

    /// <summary>A flush still waiting for the peer to read; null when none is.</summary>
    public Task? PendingFlush => _pendingFlush is { IsCompleted: false } pending ? pending : null;

    public override void Advance(int bytes) => inner.Advance(bytes);

    public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        var flush = inner.FlushAsync(cancellationToken);
        if (flush.IsCompleted)
        {
            return flush;
        }

        var pending = flush.AsTask();
        _pendingFlush = pending;
        return new ValueTask<FlushResult>(pending);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) =>
        inner.Complete(guard.Stopped || exception is OperationCanceledException ? null : exception);
}
