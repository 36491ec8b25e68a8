using CommandCenter.Photos;
using CommandCenter.Retention;
using CommandCenter.TelemetryIngest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Photos;

/// <summary>The photo store in a temporary data folder on fake time: retention by the sweeper, and the quota.</summary>
public sealed class PhotoStoreTests : IDisposable
{
    private static readonly DateTimeOffset StoredAt = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);
    private readonly string _data = Directory.CreateTempSubdirectory("cc-photos-").FullName;
    private readonly FakeTimeProvider _time = new(StoredAt);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_APhotoPastKeepDays_IsRemovedAndAYoungerOneKept()
    {
        var options = new PhotoOptions { KeepDays = 30 };
        var store = StoreWith(options);
        var old = (await store.SaveAsync(Photo(1000), Ct))!;
        _time.Advance(TimeSpan.FromDays(2));
        var young = (await store.SaveAsync(Photo(1000), Ct))!;
        var status = new RetentionStatus();
        var sweeper = new RetentionSweeper([new PhotoRetentionSweep(store, Options.Create(options))], status, _time, NullLogger<RetentionSweeper>.Instance);

        _time.SetUtcNow(StoredAt.Date.AddDays(31).AddMinutes(1));
        await sweeper.SweepAllAsync(Ct);

        store.Open(old).ShouldBeNull();
        using (var kept = store.Open(young)!.Value.Content)
        {
            kept.Length.ShouldBe(1000);
        }

        var photos = status.Stores.ShouldHaveSingleItem();
        (photos.Store, photos.Setting, photos.Keep, photos.Removed, photos.OldestKept)
            .ShouldBe(("photos", "Photos:KeepDays", TimeSpan.FromDays(30), 1L, new DateTimeOffset(StoredAt.Date.AddDays(2), TimeSpan.Zero)));
        store.Usage.ShouldBe(new PhotoUsage(1000, 1, options.QuotaBytes));
    }

    [Fact]
    public async Task Save_APhotoThatWouldPassTheQuota_IsRefusedAndNothingIsWritten()
    {
        var store = StoreWith(new PhotoOptions { QuotaBytes = 1024 * 1024 });
        (await store.SaveAsync(Photo(700 * 1024), Ct)).ShouldNotBeNull();

        (await store.SaveAsync(Photo(400 * 1024), Ct)).ShouldBeNull();

        store.Usage.ShouldBe(new PhotoUsage(700 * 1024, 1, 1024 * 1024));
        Directory.GetFiles(store.Folder, "*", SearchOption.AllDirectories).Length.ShouldBe(1);
    }

    [Fact]
    public void Open_AnIdThatIsNoPhotoId_FindsNothing()
    {
        var store = StoreWith(new PhotoOptions());

        store.Open("../../grains.db").ShouldBeNull();
        store.Open($"20260310-{new string('a', 32)}.jpg").ShouldBeNull();
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private PhotoStore StoreWith(PhotoOptions options) =>
        new(Options.Create(options), Options.Create(new DataOptions { Path = _data }), _time, NullLogger<PhotoStore>.Instance);

    private static ProcessedPhoto Photo(int bytes) => new("photo.jpg", new byte[bytes], StoredPhotoFormat.Jpeg, 1, 1);
}
