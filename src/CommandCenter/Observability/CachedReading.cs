namespace CommandCenter.Observability;

/// <summary>
/// A value a gauge reports without paying for it on every scrape: a read older than <c>maxAge</c> starts one fresh
/// read in the background (never two at once) and reports the last value meanwhile. Nothing is read while nobody collects.
/// </summary>
public sealed class CachedReading<T>(Func<Task<T>> read, T initial, TimeSpan maxAge, TimeProvider time, ILogger logger, string what)
    where T : class
{
    private T _value = initial;
    private long _readAtTicks = long.MinValue;
    private int _reading;

    public T Current
    {
        get
        {
            if (time.GetUtcNow().UtcTicks - Volatile.Read(ref _readAtTicks) >= maxAge.Ticks && Interlocked.Exchange(ref _reading, 1) == 0)
            {
                _ = RefreshAsync();
            }

            return Volatile.Read(ref _value);
        }
    }

    private async Task RefreshAsync()
    {
        try
        {
            Volatile.Write(ref _value, await Task.Run(read));
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not read {What} for metrics; trying again after {MaxAge}", what, maxAge);
        }
        finally
        {
            Volatile.Write(ref _readAtTicks, time.GetUtcNow().UtcTicks);
            Volatile.Write(ref _reading, 0);
        }
    }
}
