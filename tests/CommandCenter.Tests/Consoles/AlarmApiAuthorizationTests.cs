using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// The REST alarm API: a signed-in firm user reads and handles only its own firm's alarms, operators
/// any, a wall account and anyone anonymous never act, and the anonymous read nothing. Uses the last lift of each of the two busiest firms;
/// each test starts with an open alarm on both (a test that closes one gets a new one next time).
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class AlarmApiAuthorizationTests(ConsoleHostFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly (string A, string B) Firms = TestCity.TwoBusiestFirms();
    private static readonly string LiftOfA = TestCity.ElevatorsOf(Firms.A)[^1];
    private static readonly string LiftOfB = TestCity.ElevatorsOf(Firms.B)[^1];
    private readonly CommandCenterProcess _host = fixture.Host;
    private string _alarmOfA = "";
    private string _alarmOfB = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _alarmOfA = await OpenTrappedPassengerAsync(LiftOfA);
        _alarmOfB = await OpenTrappedPassengerAsync(LiftOfB);
    }

    public ValueTask DisposeAsync()
    {
        _host.ErrorLines.ShouldBeEmpty();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task List_FirmUser_SeesOnlyItsOwnFirmsAlarmsAndMayNotAskForAnother()
    {
        using var firmA = await ClientAsync(TestCity.FirmUser(Firms.A));

        var own = await firmA.GetFromJsonAsync<JsonElement>("/api/alarms?state=all", Cancel);
        var other = await firmA.GetAsync($"/api/alarms?firmId={Firms.B}", Cancel);
        var single = await firmA.GetAsync(AlarmUrl(_alarmOfB), Cancel);

        own.EnumerateArray().ShouldContain(a => a.GetProperty("id").GetString() == _alarmOfA);
        own.EnumerateArray().ShouldAllBe(a => a.GetProperty("firmId").GetString() == Firms.A);
        await ShouldBeProblemAsync(other, HttpStatusCode.Forbidden, $"不能查看维保单位 {Firms.B} 的报警");
        await ShouldBeProblemAsync(single, HttpStatusCode.Forbidden, $"所属的维保单位 {Firms.A}");
    }

    [Fact]
    public async Task Act_FirmUser_HandlesItsOwnAlarmUnderItsNameButNotAnotherFirms()
    {
        using var firmA = await ClientAsync(TestCity.FirmUser(Firms.A));

        var others = await firmA.PostAsJsonAsync(ActUrl(_alarmOfB, "false-alarm"), new { comment = "not ours" }, Cancel);
        var own = await firmA.PostAsJsonAsync(ActUrl(_alarmOfA, "false-alarm"), new { comment = "sensor fault" }, Cancel);

        await ShouldBeProblemAsync(others, HttpStatusCode.Forbidden, $"所属的维保单位 {Firms.A}");
        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync(Cancel));
        var step = (await own.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("steps").EnumerateArray().Last();
        step.GetProperty("actor").GetString().ShouldBe(TestCity.FirmUser(Firms.A));
        step.GetProperty("comment").GetString().ShouldBe("sensor fault");
        var untouched = await _host.Http.GetFromJsonAsync<JsonElement>(AlarmUrl(_alarmOfB), Cancel);
        untouched.GetProperty("status").GetString().ShouldNotBe("FalseAlarm");
        untouched.GetProperty("steps").EnumerateArray().ShouldNotContain(s => s.GetProperty("actor").GetString() == TestCity.FirmUser(Firms.A));
    }

    [Fact]
    public async Task Anonymous_NeitherReadsNorActsAndTheWallAccountOnlyWatches()
    {
        using var wall = await ClientAsync("wall");

        var act = await _host.Anonymous.PostAsJsonAsync(ActUrl(_alarmOfB, "false-alarm"), new { comment = "anyone" }, Cancel);
        var list = await _host.Anonymous.GetAsync("/api/alarms", Cancel);
        var wallAct = await wall.PostAsJsonAsync(ActUrl(_alarmOfB, "false-alarm"), new { comment = "wall" }, Cancel);

        await ShouldBeProblemAsync(act, HttpStatusCode.Unauthorized, "请先登录");
        await ShouldBeProblemAsync(list, HttpStatusCode.Unauthorized, "请先登录");
        await ShouldBeProblemAsync(wallAct, HttpStatusCode.Forbidden, "wall（wall，city）无权 POST /api/alarms/act");
        var alarm = await _host.Http.GetFromJsonAsync<JsonElement>(AlarmUrl(_alarmOfB), Cancel);
        alarm.GetProperty("steps").EnumerateArray().ShouldNotContain(s => s.GetProperty("actor").GetString() == "wall");
    }

    [Fact]
    public async Task Act_CookieWithoutTheAntiforgeryHeader_IsRefusedAndChangesNothing()
    {
        using var bare = new HttpClient(new HttpClientHandler { CookieContainer = await fixture.SignInAsync("operator") }) { BaseAddress = new Uri(_host.BaseUrl) };
        var before = await _host.Http.GetFromJsonAsync<JsonElement>(AlarmUrl(_alarmOfB), Cancel);

        var step = await bare.PostAsJsonAsync(ActUrl(_alarmOfB, "respond"), new { comment = "from another site" }, Cancel);

        await ShouldBeProblemAsync(step, HttpStatusCode.BadRequest, "须在 X-CSRF-TOKEN 请求头中带防伪令牌");
        var after = await _host.Http.GetFromJsonAsync<JsonElement>(AlarmUrl(_alarmOfB), Cancel);
        after.GetProperty("steps").GetArrayLength().ShouldBe(before.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Act_Operator_MayHandleAnyFirmsAlarm()
    {
        using var desk = await ClientAsync("operator");

        var step = await desk.PostAsJsonAsync(ActUrl(_alarmOfB, "false-alarm"), new { comment = "confirmed with the building" }, Cancel);

        step.StatusCode.ShouldBe(HttpStatusCode.OK, await step.Content.ReadAsStringAsync(Cancel));
        (await step.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("steps").EnumerateArray().Last()
            .GetProperty("actor").GetString().ShouldBe("operator");
    }

    [Fact]
    public async Task Act_WithAMegabyteComment_IsRefusedNamingTheCommentAndChangesNothing()
    {
        using var desk = await ClientAsync("operator");
        var before = await _host.Http.GetFromJsonAsync<JsonElement>(AlarmUrl(_alarmOfB), Cancel);

        var step = await desk.PostAsJsonAsync(ActUrl(_alarmOfB, "respond"), new { comment = new string('评', 1_000_000) }, Cancel);

        await ShouldBeProblemAsync(step, HttpStatusCode.BadRequest, "备注有 1000000 个字符，最多保存 2000 个。");
        var after = await _host.Http.GetFromJsonAsync<JsonElement>(AlarmUrl(_alarmOfB), Cancel);
        after.GetProperty("steps").GetArrayLength().ShouldBe(before.GetProperty("steps").GetArrayLength());
        (await _host.Http.GetAsync("/api/alarms?state=all", Cancel)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static string AlarmUrl(string alarmId) => $"/api/alarms/{alarmId}";

    private static string ActUrl(string alarmId, string action) => $"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action={action}";

    /// <summary>A refusal with this status whose detail gives the reason (in Chinese, the language of a request that names none).</summary>
    private static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain(reason);
    }

    private async Task<HttpClient> ClientAsync(string userName) => ConsoleSignIn.ClientFor(_host.BaseUrl, await fixture.SignInAsync(userName));

    /// <summary>
    /// Raises a trapped passenger on the lift until one is open, and returns its id. The collection's host
    /// lives across tests: the lift may still have one open, or a test just closed it and the lift has not
    /// heard yet (a raise is ignored while the lift still counts the fault as open).
    /// </summary>
    private async Task<string> OpenTrappedPassengerAsync(string elevatorId)
    {
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevatorId);
        var seq = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await device.PublishAsync(Topics.ElevatorStatus(elevatorId), StatusJson.For(elevatorId, seq, 6))).IsSuccess.ShouldBeTrue();
        return await Eventually.ValueAsync(
            async () =>
            {
                var open = (await _host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
                    .FirstOrDefault(a => a.GetProperty("elevatorId").GetString() == elevatorId && a.GetProperty("code").GetString() == FaultCodes.TrappedPassenger);
                if (open.ValueKind == JsonValueKind.Object)
                {
                    return open.GetProperty("id").GetString();
                }

                var raised = await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, elevatorId), EventJson.Raised(elevatorId, ++seq, FaultCodes.TrappedPassenger));
                raised.IsSuccess.ShouldBeTrue(raised.ReasonString);
                return null;
            },
            Deadline,
            $"the trapped-passenger alarm of {elevatorId}");
    }
}
