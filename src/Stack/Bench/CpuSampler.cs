using System.Diagnostics;
using System.Globalization;

namespace CommandCenter.Stack.Bench;

/// <summary>A process's CPU time (user + system, from /proc/PID/stat) sampled every second while a load runs.</summary>
public sealed class CpuSampler : IDisposable
{
    private readonly int _pid;
    private readonly List<double> _percentPerSecond = [];
    private readonly Stopwatch _clock;
    private readonly List<(TimeSpan At, TimeSpan Cpu)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    /// <summary>Samples <paramref name="pid"/> on <paramref name="clock"/>, the caller's, so that times given back are on it.</summary>
    public CpuSampler(int pid, Stopwatch clock)
    {
        _pid = pid;
        _clock = clock;
        _samples.Add((_clock.Elapsed, CpuTime()));
        _sampling = SampleAsync();
    }

    /// <summary>
    /// Stops sampling; answers the average since <paramref name="publishStarted"/> and the busiest second, each in percent
    /// of one core, and the CPU time used since then.
    /// </summary>
    public CpuUse Finish(TimeSpan publishStarted)
    {
        _stop.Cancel();
        _sampling.GetAwaiter().GetResult();
        var end = (_clock.Elapsed, CpuTime());
        _samples.Add(end);
        var from = _samples.LastOrDefault(s => s.At <= publishStarted, _samples[0]);
        var used = end.Item2 - from.Cpu;
        var average = 100 * used.TotalSeconds / Math.Max((end.Item1 - from.At).TotalSeconds, 0.001);
        return new CpuUse(average, _percentPerSecond.DefaultIfEmpty(0).Max(), used);
    }

    /// <summary>
    /// After <see cref="Finish"/>: the average between two instants of the caller's clock (from the samples around
    /// them, a second apart) and the CPU time used then; the peak is the busiest second of the whole sampling.
    /// </summary>
    public CpuUse Between(TimeSpan from, TimeSpan to)
    {
        var first = _samples.LastOrDefault(s => s.At <= from, _samples[0]);
        var last = _samples.FirstOrDefault(s => s.At >= to, _samples[^1]);
        var used = last.Cpu - first.Cpu;
        return new CpuUse(100 * used.TotalSeconds / Math.Max((last.At - first.At).TotalSeconds, 0.001), _percentPerSecond.DefaultIfEmpty(0).Max(), used);
    }

    public void Dispose() => _stop.Dispose();

    private async Task SampleAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                var (at, cpu) = (_clock.Elapsed, CpuTime());
                var (lastAt, lastCpu) = _samples[^1];
                _percentPerSecond.Add(100 * (cpu - lastCpu).TotalSeconds / (at - lastAt).TotalSeconds);
                _samples.Add((at, cpu));
            }
        }
        catch (OperationCanceledException)
        {
            // Finished.
        }
    }

    private TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the line, 12 and 13 after the state.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}

/// <summary>A process's CPU over a load: average and busiest second in percent of one core, and the CPU time it used.</summary>
public sealed record CpuUse(double Average, double Peak, TimeSpan Used);
