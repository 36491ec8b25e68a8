using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using MQTTnet.Exceptions;

namespace CommandCenter.Reliability.Scenarios;

/// <summary>
/// Malformed and abusive payloads (random bytes, truncated JSON, huge fields, wrong types, topic
/// abuse) mixed into valid traffic: the host keeps running, refuses and dead-letters every bad one with
/// its reason, and the valid devices are all acknowledged and stored exactly once.
/// </summary>
public sealed class FuzzScenario() : Scenario(
    "fuzz", "malformed/fuzzed MQTT payloads mixed into valid traffic -> no crash, every bad one dead-lettered with its reason, valid traffic unaffected")
{
    private const int Fuzzers = 8;
    private const int InFlightEach = 16;

    public override async Task<ScenarioOutcome> RunAsync(RunSize size)
    {
        var total = size.Pick(100_000, 10_000);
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        using var monitoring = host.ApiKeyClient(Checks.MonitoringClient);
        var valid = Enumerable.Range(0, 10).Select(_ => TestDevices.NextElevator()).ToArray();
        var fuzzers = Enumerable.Range(0, Fuzzers).Select(_ => TestDevices.NextElevator()).ToArray();
        var rejectedBefore = (await Checks.StatsAsync(monitoring)).GetProperty("rejected").GetInt64();
        var byReasonBefore = await Checks.RejectedByReasonAsync(monitoring);
        Say($"10 elevators publish 100 valid statuses/s while {Fuzzers} others send {total} bad messages ({InFlightEach} in flight each)");
        await using var load = new StatusLoad(valid, () => host.MqttPort, 10);

        var tally = new FuzzTally();
        var started = DateTime.UtcNow;
        var sending = Task.WhenAll(fuzzers.Select((id, i) =>
            Task.Run(() => FuzzAsync(host.MqttPort, id, fuzzers[(i + 1) % Fuzzers], total / Fuzzers + (i < total % Fuzzers ? 1 : 0), i, tally))));
        while (await Task.WhenAny(sending, Task.Delay(TimeSpan.FromSeconds(10))) != sending)
        {
            Say($"  sent {tally.Sent}, refused {tally.Refused}, accepted {tally.Accepted}, valid acknowledged {load.TotalAcknowledged}");
        }

        await sending;
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        await load.StopAsync();

        // Dead letters are group-committed after the PUBACK: wait (bounded) until the count catches up.
        long deadLettered = 0;
        try
        {
            await Eventually.TrueAsync(
                async () => (deadLettered = (await Checks.StatsAsync(monitoring)).GetProperty("rejected").GetInt64() - rejectedBefore) >= tally.Refused,
                TimeSpan.FromSeconds(60),
                "every refused message to be dead-lettered");
        }
        catch (TimeoutException)
        {
            // The verdict below reports the shortfall.
        }

        var byReason = (await Checks.RejectedByReasonAsync(monitoring))
            .Select(p => (p.Key, Count: p.Value - byReasonBefore.GetValueOrDefault(p.Key))).Where(p => p.Count > 0).OrderByDescending(p => p.Count).ToList();
        var recent = await monitoring.GetFromJsonAsync<JsonElement>("/api/deadletters?limit=3");
        foreach (var letter in recent.GetProperty("items").EnumerateArray())
        {
            Say($"  dead letter: {Shorten(letter.GetRawText())}");
        }

        var audit = await Checks.AuditSequencesAsync(influx, load.Acknowledged, TimeSpan.FromMinutes(1));
        var healthy = (await host.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
        var passed = healthy && tally.Accepted == 0 && tally.Refused == total && deadLettered == total
            && audit.Acknowledged > 0 && audit.ExactlyOnce && load.Refused == 0;
        return new ScenarioOutcome(
            passed,
            $"bad sent {tally.Sent} in {seconds:F0} s ({tally.Sent / seconds:F0}/s; {string.Join(", ", tally.ByKind.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}); " +
            $"refused {tally.Refused}, accepted {tally.Accepted}, sessions dropped {tally.Dropped}; dead-lettered {deadLettered} " +
            $"({string.Join(", ", byReason.Select(r => $"{r.Key} {r.Count}"))}); valid: {audit}, refused {load.Refused}, PUBACK p99 {load.Latency.Percentile(99) / 1000.0:F0} ms; " +
            $"health {(healthy ? 200 : "not 200")}");
    }

    /// <summary>One fuzzing device: sends its share with a window of publishes in flight, reconnecting if the broker drops it.</summary>
    private static async Task FuzzAsync(int port, string id, string other, int count, int seed, FuzzTally tally)
    {
        var messages = new FuzzMessages(seed);
        var window = new SemaphoreSlim(InFlightEach);
        var client = await MqttTestClient.ConnectAsync(port, id);
        var dropped = 0;
        var pending = new List<Task>();
        for (var sent = 0; sent < count;)
        {
            await window.WaitAsync();
            var message = messages.Next(id, other);
            var session = client;
            sent++;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    var ack = await session.PublishAsync(message.Topic, message.Payload);
                    tally.Record(message.Kind, ack.IsSuccess);
                }
                catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException)
                {
                    tally.RecordDropped(message.Kind);
                    Volatile.Write(ref dropped, 1);
                }
                finally
                {
                    window.Release();
                }
            }));
            if (Volatile.Read(ref dropped) == 1)
            {
                await Task.WhenAll(pending);
                await client.DisposeAsync();
                client = await MqttTestClient.ConnectAsync(port, id);
                dropped = 0;
            }

            pending.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(pending);
        await client.DisposeAsync();
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private sealed class FuzzTally
    {
        private long _sent;
        private long _refused;
        private long _accepted;
        private long _dropped;

        public ConcurrentDictionary<FuzzKind, long> ByKind { get; } = new();

        public long Sent => Interlocked.Read(ref _sent);

        public long Refused => Interlocked.Read(ref _refused);

        public long Accepted => Interlocked.Read(ref _accepted);

        public long Dropped => Interlocked.Read(ref _dropped);

        public void Record(FuzzKind kind, bool acknowledged)
        {
            Interlocked.Increment(ref _sent);
            ByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
            Interlocked.Increment(ref acknowledged ? ref _accepted : ref _refused);
        }

        public void RecordDropped(FuzzKind kind)
        {
            Interlocked.Increment(ref _sent);
            ByKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _dropped);
        }
    }
}
