namespace CommandCenter.Grains;

/// <summary>How a silo's periodic job runs: a round at once, then one each interval; a failed round is reported and the next one tries again.</summary>
public static class PeriodicWork
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<Task> round, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await round();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
