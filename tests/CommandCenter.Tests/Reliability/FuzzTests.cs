using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Reliability;

/// <summary>
/// The short version of the reliability suite's fuzz scenario: malformed and abusive payloads mixed
/// into a device's valid traffic are each refused and dead-lettered with a reason, and every valid
/// status still arrives exactly once.
/// </summary>
public sealed class FuzzTests
{
    private const int Rounds = 200;
    private const int BadPerRound = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FuzzedPayloadsAmongValidTraffic_EachIsRefusedAndDeadLetteredWithItsReason_ValidStatusesAllStored()
    {
        await using var influx = await InfluxServer.StartAsync();
        await using var host = await CommandCenterProcess.StartAsync(influx.Url);
        var (valid, fuzzer, other) = (TestDevices.NextElevator(), TestDevices.NextElevator(), TestDevices.NextElevator());
        await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, valid);
        await using var hostile = await MqttTestClient.ConnectAsync(host.MqttPort, fuzzer);
        var messages = new FuzzMessages(seed: 6);
        var sentKinds = new HashSet<FuzzKind>();
        var start = DateTimeOffset.UtcNow;

        for (var seq = 1; seq <= Rounds; seq++)
        {
            var bad = Enumerable.Range(0, BadPerRound).Select(_ => messages.Next(fuzzer, other)).ToArray();
            var answers = await Task.WhenAll(bad.Select(m => hostile.PublishAsync(m.Topic, m.Payload)));
            foreach (var (message, answer) in bad.Zip(answers))
            {
                answer.IsSuccess.ShouldBeFalse($"{message.Kind} on {Shorten(message.Topic)} was accepted: {Shorten(Encoding.UTF8.GetString(message.Payload))}");
                sentKinds.Add(message.Kind);
            }

            var ack = await device.PublishAsync(Topics.ElevatorStatus(valid), StatusJson.For(valid, seq, seq % 20 + 1, start.AddMilliseconds(seq)));
            ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        }

        sentKinds.ShouldBe(Enum.GetValues<FuzzKind>(), ignoreOrder: true);
        var letters = await Eventually.ValueAsync(
            async () => await host.Http.GetFromJsonAsync<JsonElement>($"/api/deadletters?limit={Rounds * BadPerRound}", Cancel) is var page
                && page.GetProperty("items").EnumerateArray().Count(l => l.GetProperty("clientId").GetString() == fuzzer) >= Rounds * BadPerRound
                    ? page.GetProperty("items").EnumerateArray().Where(l => l.GetProperty("clientId").GetString() == fuzzer).ToList()
                    : null,
            Deadline,
            $"{Rounds * BadPerRound} dead letters from {fuzzer}");
        letters.Count.ShouldBe(Rounds * BadPerRound);
        letters.ShouldAllBe(l => !string.IsNullOrEmpty(l.GetProperty("detail").GetString()));
        letters.Select(l => l.GetProperty("reason").GetString()).Distinct()
            .ShouldBeSubsetOf(["BadJson", "WrongType", "MissingField", "OutOfRange", "Oversized", "UnknownTopic", "TopicMismatch", "NotAuthorized"]);
        letters.Select(l => l.GetProperty("reason").GetString()).Distinct().Count().ShouldBeGreaterThanOrEqualTo(4);

        var stored = await Eventually.ValueAsync(
            async () => await influx.QueryAsync("commandcenter", $"SELECT seq FROM elevator_status WHERE device_id = '{valid}'") is { Count: >= Rounds } rows ? rows : null,
            Deadline,
            $"{Rounds} statuses of {valid} in InfluxDB");
        stored.Select(r => r["seq"].GetInt64()).Order().ShouldBe(Enumerable.Range(1, Rounds).Select(i => (long)i));
        (await host.Http.GetAsync("/health", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
        host.ErrorLines.ShouldBeEmpty();
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
