using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Shouldly;

namespace CommandCenter.Tests.EndToEnd;

/// <summary>Alarms and duties through the real host: MQTT in, REST and SignalR out, and across a restart.</summary>
public sealed class ElevatorRulesEndToEndTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string EventJson(string id, long seq, string code, EventState state) =>
        JsonSerializer.Serialize(new ElevatorEventReport(1, id, seq, DateTimeOffset.UtcNow, code, state, 7), ProtocolJson.Default.ElevatorEventReport);

    [Fact]
    public async Task TrappedPassenger_OverMqtt_OpensAnAlarmPushedToTheWallAndHandledThroughTheApi()
    {
        await using var influx = await InfluxServer.StartAsync();
        // Handling steps are taken by a signed-in user and recorded under that user's name.
        await using var host = await CommandCenterProcess.StartAsync(
            influx.Url, "--Users:0:Name=tech-zhao", $"--Users:0:PasswordHash={ConsoleSignIn.IdentityV3Hash("zhao-secret")}", "--Users:0:Role=operator", "--Users:0:Scope=city");
        using var desk = ConsoleSignIn.ClientFor(host.BaseUrl, await ConsoleSignIn.SignInAsync(host.BaseUrl, "tech-zhao", "zhao-secret"));
        var id = TestDevices.NextElevator();
        await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, id);
        (await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 7))).IsSuccess.ShouldBeTrue();
        var wallCookies = await host.CookiesOfAsync("wall");
        await using var wall = new HubConnectionBuilder().WithUrl($"{host.BaseUrl}{LiveHubNames.Path}", o => o.Cookies = wallCookies).Build();
        var pushed = new TaskCompletionSource<LiveAlarm>(TaskCreationOptions.RunContinuationsAsynchronously);
        wall.On<LiveAlarm>(LiveHubNames.AlarmChanged, alarm => pushed.TrySetResult(alarm));
        await wall.StartAsync(Cancel);
        await wall.InvokeAsync<LiveElevator[]>(LiveHubNames.JoinWall, Cancel);

        var ack = await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, id), EventJson(id, 1, FaultCodes.TrappedPassenger, EventState.Raised));

        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
        var alarm = await pushed.Task.WaitAsync(Deadline, Cancel);
        alarm.ElevatorId.ShouldBe(id);
        alarm.Severity.ShouldBe(AlarmSeverity.Critical);
        alarm.Status.ShouldBe(AlarmStatus.Occurred);
        var alarmId = alarm.Id;

        var active = await host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel);
        active.EnumerateArray().ShouldContain(a => a.GetProperty("id").GetString() == alarmId);

        var illegal = await desk.PostAsJsonAsync($"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action=complete", new { comment = "done" }, Cancel);
        illegal.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await illegal.Content.ReadAsStringAsync(Cancel)).ShouldContain("当前为 occurred，不能执行 complete；现在可执行：respond, arrive, false-alarm");

        foreach (var action in new[] { "respond", "arrive", "complete" })
        {
            var step = await desk.PostAsJsonAsync($"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action={action}", new { comment = action }, Cancel);
            step.StatusCode.ShouldBe(HttpStatusCode.OK, await step.Content.ReadAsStringAsync(Cancel));
        }

        var closed = await host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", Cancel);
        closed.GetProperty("status").GetString().ShouldBe("Completed");
        closed.GetProperty("steps").GetArrayLength().ShouldBe(4);
        (await host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
            .ShouldNotContain(a => a.GetProperty("id").GetString() == alarmId);
        host.ErrorLines.ShouldBeEmpty();
    }

    [Fact]
    public async Task HostRestarted_AlarmsAndDutiesSurviveAndAnArrivalLimitThatPassedMeanwhileFiresAfterStart()
    {
        await using var influx = await InfluxServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("cc-rules-restart-").FullName;
        string[] shortLimits = [$"--Data:Path={data}", "--Alarms:UrbanArrivalLimit=00:00:03", "--Deadlines:SweepInterval=00:00:01"];
        try
        {
            var id = TestDevices.NextElevator();
            var app = TestDevices.FirstApp;
            var assigned = TestDevices.ElevatorId(3);
            string alarmId;
            await using (var host = await CommandCenterProcess.StartAsync(influx.Url, shortLimits))
            {
                await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, id);
                await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 7));
                (await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, id), EventJson(id, 1, FaultCodes.TrappedPassenger, EventState.Raised))).IsSuccess.ShouldBeTrue();
                await using var handheld = await MqttTestClient.ConnectAsync(host.MqttPort, app);
                var daily = new DailyCheckRecord(1, app, 1, DateTimeOffset.UtcNow, assigned, DateOnly.FromDateTime(DateTime.UtcNow), "王安全", true, []);
                (await handheld.PublishAsync(Topics.For(MessageKind.DailyCheck, app), JsonSerializer.Serialize(daily, ProtocolJson.Default.DailyCheckRecord))).IsSuccess.ShouldBeTrue();
                var open = await host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel);
                alarmId = open.EnumerateArray().Single(a => a.GetProperty("elevatorId").GetString() == id).GetProperty("id").GetString()!;

                // Killed before the 3 s arrival limit; restarting takes longer than that, so it falls due while down.
                await host.KillAsync();
            }

            await using var restarted = await CommandCenterProcess.StartAsync(influx.Url, shortLimits);

            var redispatched = await Eventually.ValueAsync(
                async () => await restarted.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}") is var a
                    && a.GetProperty("dispatches").GetArrayLength() > 1 ? a.GetRawText() : null,
                Deadline,
                "the missed arrival limit to be acted on after the restart");
            using var alarm = JsonDocument.Parse(redispatched);
            alarm.RootElement.GetProperty("escalatedToDistrict").GetBoolean().ShouldBeTrue();
            alarm.RootElement.GetProperty("status").GetString().ShouldBe("Occurred");

            var duties = await restarted.Http.GetFromJsonAsync<JsonElement>($"/api/elevators/{assigned}/duties", Cancel);
            duties.GetProperty("daily").GetProperty("lastFiledAt").ValueKind.ShouldBe(JsonValueKind.String);
            (await restarted.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
                .ShouldContain(a => a.GetProperty("id").GetString() == alarmId);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
