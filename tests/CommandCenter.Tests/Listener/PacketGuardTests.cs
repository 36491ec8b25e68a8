using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using CommandCenter.TelemetryIngest.Broker.Listener;
using Shouldly;

namespace CommandCenter.Tests.Listener;

/// <summary>The fixed-header check that refuses a packet before any buffer for its body exists.</summary>
public sealed class PacketGuardTests
{
    private static readonly MqttPacketLimits Limits = new(new MqttListenerOptions());

    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(new byte[] { 0x10, 0x0A }, HeaderVerdict.Allowed, 12)]                              // CONNECT of 10 bytes
    [InlineData(new byte[] { 0x10, 0xFF, 0xFF, 0xFF, 0x7F }, HeaderVerdict.TooLarge, 268_435_460)] // CONNECT declaring 256 MB
    [InlineData(new byte[] { 0x30, 0x80, 0x80, 0x04 }, HeaderVerdict.TooLarge, 65_540)]            // PUBLISH of 64 KiB + header
    [InlineData(new byte[] { 0x30, 0xFC, 0xFF, 0x03 }, HeaderVerdict.Allowed, 65_536)]             // PUBLISH exactly at the limit
    [InlineData(new byte[] { 0x30, 0x80, 0x80 }, HeaderVerdict.Incomplete, 0)]                      // length still arriving
    [InlineData(new byte[] { 0x00, 0x02 }, HeaderVerdict.Malformed, 0)]                             // reserved type 0
    [InlineData(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, HeaderVerdict.Malformed, 0)]     // a fifth length byte
    [InlineData(new byte[] { 0xC0, 0x00 }, HeaderVerdict.Allowed, 2)]                               // PINGREQ
    [InlineData(new byte[] { 0x40, 0xFF, 0x01 }, HeaderVerdict.TooLarge, 258)]                      // PUBACK of 255 bytes
    public void Check_FixedHeader_JudgesTheDeclaredSizeAgainstItsTypesLimit(byte[] header, HeaderVerdict expected, long declared)
    {
        var verdict = Limits.Check(new ReadOnlySequence<byte>(header), out _, out var headerLength, out var remaining, out _);

        verdict.ShouldBe(expected);
        if (expected is HeaderVerdict.Allowed or HeaderVerdict.TooLarge)
        {
            (headerLength + remaining).ShouldBe(declared);
        }
    }

    [Fact]
    public async Task ReadAsync_ConnectDeclaring256MegabytesWithOnly64BytesSent_IsRefusedBeforeTheReaderSeesIt()
    {
        var (reader, pipe, violations) = Guarded();

        await pipe.Writer.WriteAsync((byte[])[0x10, 0xFF, 0xFF, 0xFF, 0x7F, .. new byte[64]], Cancel);
        var result = await reader.ReadAsync(Cancel);

        violations.ShouldHaveSingleItem().Verdict.ShouldBe(HeaderVerdict.TooLarge);
        violations[0].Detail.ShouldBe("CONNECT of 268435460 bytes declared, at most 4096 allowed");
        result.Buffer.IsEmpty.ShouldBeTrue();
        result.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task ReadAsync_FirstPacketNotConnect_IsRefused()
    {
        var (reader, pipe, violations) = Guarded();

        await pipe.Writer.WriteAsync((byte[])[0x30, 0x05, 0, 1, (byte)'t', 0, 0], Cancel);
        var result = await reader.ReadAsync(Cancel);

        violations.ShouldHaveSingleItem().Detail.ShouldBe("the first packet must be CONNECT, not PUBLISH");
        result.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task ReadAsync_AllowedPacketsArrivingInPieces_PassThroughWhole()
    {
        var (reader, pipe, violations) = Guarded();
        byte[] connect = [0x10, 0x03, 1, 2, 3];
        byte[] publish = [0x30, 0x04, 0, 1, (byte)'t', 9];

        await pipe.Writer.WriteAsync(connect.AsMemory(0, 3), Cancel);
        var first = await reader.ReadAsync(Cancel);
        reader.AdvanceTo(first.Buffer.Start, first.Buffer.End);
        await pipe.Writer.WriteAsync((byte[])[.. connect[3..], .. publish[..1]], Cancel);
        var second = await reader.ReadAsync(Cancel);
        reader.AdvanceTo(second.Buffer.GetPosition(connect.Length), second.Buffer.End);
        await pipe.Writer.WriteAsync(publish.AsMemory(1), Cancel);
        var third = await reader.ReadAsync(Cancel);

        violations.ShouldBeEmpty();
        third.Buffer.ToArray().ShouldBe(publish);
        third.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task ReadAsync_PeerClosesMidPacket_EndsTheStreamAfterTheWholePacketsOnly()
    {
        var (reader, pipe, violations) = Guarded();
        byte[] connect = [0x10, 0x01, 7];

        await pipe.Writer.WriteAsync((byte[])[.. connect, 0x30, 0x20, 1, 2], Cancel);
        await pipe.Writer.CompleteAsync();
        var result = await reader.ReadAsync(Cancel);

        // The half PUBLISH would otherwise be handed to the MQTT reader again and again.
        violations.ShouldBeEmpty();
        result.Buffer.ToArray().ShouldBe(connect);
        result.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task ReadAsync_OversizedPublishAfterValidOnes_DeliversTheValidOnesThenEnds()
    {
        var (reader, pipe, violations) = Guarded();
        byte[] valid = [0x10, 0x01, 7, 0x30, 0x02, 0, 0];

        await pipe.Writer.WriteAsync((byte[])[.. valid, 0x30, 0xFF, 0xFF, 0x7F], Cancel);
        var result = await reader.ReadAsync(Cancel);

        violations.ShouldHaveSingleItem().Detail.ShouldBe("PUBLISH of 2097155 bytes declared, at most 65536 allowed");
        result.Buffer.ToArray().ShouldBe(valid);
        result.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task ReadAsync_Disconnect_TellsThatThePeerIsClosing()
    {
        var (reader, pipe, _, closing) = GuardedWithClosing();

        await pipe.Writer.WriteAsync((byte[])[0x10, 0x01, 7, 0x30, 0x02, 0, 0], Cancel);
        reader.AdvanceTo((await reader.ReadAsync(Cancel)).Buffer.End);
        closing.Value.ShouldBeFalse();

        await pipe.Writer.WriteAsync((byte[])[0xE0, 0x00], Cancel);
        await reader.ReadAsync(Cancel);
        closing.Value.ShouldBeTrue();
    }

    [Fact]
    public async Task ReadAsync_PeerClosesWithoutDisconnect_TellsThatThePeerIsClosing()
    {
        var (reader, pipe, _, closing) = GuardedWithClosing();

        await pipe.Writer.WriteAsync((byte[])[0x10, 0x01, 7], Cancel);
        reader.AdvanceTo((await reader.ReadAsync(Cancel)).Buffer.End);
        closing.Value.ShouldBeFalse();

        await pipe.Writer.CompleteAsync();
        (await reader.ReadAsync(Cancel)).IsCompleted.ShouldBeTrue();
        closing.Value.ShouldBeTrue();
    }

    private static (PacketGuardReader Reader, Pipe Pipe, List<PacketViolation> Violations) Guarded()
    {
        var (reader, pipe, violations, _) = GuardedWithClosing();
        return (reader, pipe, violations);
    }

    private static (PacketGuardReader Reader, Pipe Pipe, List<PacketViolation> Violations, StrongBox<bool> PeerClosing) GuardedWithClosing()
    {
        var pipe = new Pipe();
        var violations = new List<PacketViolation>();
        var closing = new StrongBox<bool>();
        var reader = new PacketGuardReader(pipe.Reader, Limits, violation =>
        {
            violations.Add(violation);
            return Task.CompletedTask;
        }, () => closing.Value = true);
        return (reader, pipe, violations, closing);
    }
}
