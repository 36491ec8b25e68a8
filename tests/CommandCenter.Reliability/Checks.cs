using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;

namespace CommandCenter.Reliability;

/// <summary>What the scenarios read back from the stack to judge it.</summary>
public static class Checks
{
    public const string Database = "commandcenter";

    /// <summary>The demo integration client whose API key reads the ingest figures, as a monitoring system would.</summary>
    public const string MonitoringClient = "monitoring";

    /// <summary>
    /// Compares InfluxDB with what the devices had acknowledged: every acknowledged sequence number must
    /// be there exactly once. A device's one unacknowledged message in flight at a crash may or may not
    /// be (it was possibly spooled), which is allowed. Waits (bounded) for the spool to drain first.
    /// </summary>
    public static async Task<SequenceAudit> AuditSequencesAsync(InfluxServer influx, IReadOnlyDictionary<string, long> acknowledged, TimeSpan deadline)
    {
        var missing = 0L;
        var duplicated = 0L;
        var found = 0L;
        var until = DateTime.UtcNow + deadline;
        foreach (var (id, last) in acknowledged)
        {
            IReadOnlyList<long> seqs;
            do
            {
                var rows = await influx.QueryAsync(Database, $"SELECT seq FROM elevator_status WHERE device_id = '{id}'");
                seqs = [.. rows.Select(r => r["seq"].GetInt64())];
            }
            while (seqs.Count(s => s <= last) < last && DateTime.UtcNow < until && await Pause());

            var upToLast = seqs.Where(s => s <= last).ToList();
            found += upToLast.Count;
            duplicated += upToLast.Count - upToLast.Distinct().Count();
            missing += last - upToLast.Distinct().Count();
        }

        return new SequenceAudit(acknowledged.Values.Sum(), found, missing, duplicated);
    }

    /// <summary><c>/api/ingest/stats</c>, read with the <see cref="MonitoringClient"/>'s key.</summary>
    public static async Task<JsonElement> StatsAsync(HttpClient monitoring) =>
        await monitoring.GetFromJsonAsync<JsonElement>("/api/ingest/stats");

    /// <summary>Refusals per reason as <c>/api/ingest/stats</c> counts them (all time).</summary>
    public static async Task<Dictionary<string, long>> RejectedByReasonAsync(HttpClient monitoring) =>
        (await StatsAsync(monitoring)).GetProperty("rejectedByReason").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());

    private static async Task<bool> Pause()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return true;
    }
}

/// <summary>Acknowledged sequence numbers against those found in InfluxDB.</summary>
public sealed record SequenceAudit(long Acknowledged, long Found, long Missing, long Duplicated)
{
    public bool ExactlyOnce => Missing == 0 && Duplicated == 0;

    public override string ToString() => $"acknowledged {Acknowledged}, in InfluxDB {Found}, missing {Missing}, duplicated {Duplicated}";
}

/// <summary>The command center's process as the kernel sees it, found by its data folder (the test fixture does not expose its pid).</summary>
public static class HostProcess
{
    /// <summary>Resident memory of the host whose data folder this is, in bytes; 0 if it is not running.</summary>
    public static long RssBytes(string dataFolder)
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(proc), out _)
                    && File.ReadAllText(Path.Combine(proc, "cmdline")).Contains($"--Data:Path={dataFolder}\0", StringComparison.Ordinal))
                {
                    var line = File.ReadLines(Path.Combine(proc, "status")).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        return 0;
    }
}
