using CommandCenter.Retention;
using Microsoft.Extensions.Options;

namespace CommandCenter.Photos;

/// <summary>
/// Photos stored more than <see cref="PhotoOptions.KeepDays"/> ago, by whole days (a photo goes with the first sweep after
/// its day has passed the cutoff, so within a day of its time). Their tickets keep the record, and the link then answers 410.
/// </summary>
public sealed class PhotoRetentionSweep(PhotoStore store, IOptions<PhotoOptions> options) : IRetentionSweep
{
    public const string StoreName = "photos";

    public RetentionSetting Setting => new(StoreName, $"{PhotoOptions.Section}:{nameof(PhotoOptions.KeepDays)}", TimeSpan.FromDays(options.Value.KeepDays));

    public Task<SweepResult?> SweepAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var (removed, oldest) = store.RemoveOlderThan(cutoff, cancellationToken);
        return Task.FromResult<SweepResult?>(new SweepResult(removed, oldest));
    }
}
