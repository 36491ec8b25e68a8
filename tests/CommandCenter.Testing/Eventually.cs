namespace CommandCenter.Testing;

/// <summary>Polls a condition until it holds or a deadline passes: no fixed sleeps in tests.</summary>
public static class Eventually
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what)
        where T : class
    {
        var until = DateTime.UtcNow + deadline;
        Exception? lastError = null;
        while (DateTime.UtcNow < until)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                lastError = ex;
            }

            await Task.Delay(PollInterval);
        }

        throw new TimeoutException($"Timed out after {deadline.TotalSeconds:F0} s waiting for {what}.", lastError);
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan deadline, string what) =>
        ValueAsync<object>(async () => await probe() ? new object() : null, deadline, what);
}
