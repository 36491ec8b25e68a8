using System.Text;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class DeadLetterStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    private readonly DeadLetterStore _store;

    public DeadLetterStoreTests() => _store = new DeadLetterStore(_time, NullLogger<DeadLetterStore>.Instance);

    private void Reject(RejectReason reason, string payload = "{}")
    {
        _store.Add(DecodeResult.Reject(reason, $"{reason} detail", "EL-1"), "cc/v1/elevators/EL-1/status", "client", Encoding.UTF8.GetBytes(payload));
        _time.Advance(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Newest_AfterSeveralRejects_ListsNewestFirstWithCountsPerReason()
    {
        Reject(RejectReason.BadJson);
        Reject(RejectReason.OutOfRange);
        Reject(RejectReason.BadJson);

        _store.Newest(10).Select(d => d.Reason).ShouldBe([RejectReason.BadJson, RejectReason.OutOfRange, RejectReason.BadJson]);
        _store.Newest(10)[0].At.ShouldBeGreaterThan(_store.Newest(10)[1].At);
        _store.Newest(10, RejectReason.OutOfRange).Single().Detail.ShouldBe("OutOfRange detail");
        _store.CountsByReason()[RejectReason.BadJson].ShouldBe(2);
        _store.Total.ShouldBe(3);
    }

    [Fact]
    public void Add_MoreThanCapacity_KeepsOnlyTheNewestButCountsAll()
    {
        for (var i = 0; i < DeadLetterStore.Capacity + 5; i++)
        {
            _store.Add(DecodeResult.Reject(RejectReason.BadJson, $"#{i}"), "t", null, [(byte)'x']);
        }

        var kept = _store.Newest(int.MaxValue);
        kept.Count.ShouldBe(DeadLetterStore.Capacity);
        kept[0].Detail.ShouldBe($"#{DeadLetterStore.Capacity + 4}");
        kept[^1].Detail.ShouldBe("#5");
        _store.CountsByReason()[RejectReason.BadJson].ShouldBe(DeadLetterStore.Capacity + 5);
    }

    [Fact]
    public void Add_HugeBinaryPayload_KeepsABoundedPrintableExcerpt()
    {
        var payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i % 256)).ToArray();

        _store.Add(DecodeResult.Reject(RejectReason.Oversized, "big"), "t", null, payload);

        var letter = _store.Newest(1).Single();
        letter.PayloadBytes.ShouldBe(100_000);
        letter.PayloadExcerpt.Length.ShouldBeLessThanOrEqualTo(DeadLetterStore.ExcerptChars + 1);
        letter.PayloadExcerpt.ShouldNotContain('\0');
    }
}
