using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Responders;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>
/// The demo's simulated firms (<c>run --responders</c>) against a real command center: they take a
/// trapped passenger through respond, arrive and complete under their own console users, and a late
/// technician lets the arrival limit pass, so the next firm is dispatched and closes it.
/// </summary>
public sealed class FirmResponderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ArrivalLimit = TimeSpan.FromSeconds(4);

    // Quick firms; a late one arrives well after the limit and the 1 s deadline sweep have re-dispatched the alarm.
    private static readonly ResponseTimings Quick = new(
        (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)),
        (TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800)),
        (TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(800)),
        (TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5)));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Responders_TrappedPassenger_TheFirmClosesItAndALateOneIsRedispatchedToTheNextFirmWhichClosesIt()
    {
        await using var city = await DemoCityHost.StartAsync(
            $"--Alarms:UrbanArrivalLimit={ArrivalLimit:c}", $"--Alarms:RuralArrivalLimit={ArrivalLimit:c}", "--Deadlines:SweepInterval=00:00:01");
        var host = city.Host;
        var usersFile = Path.Combine(city.DataFolder, ConsoleSignIn.DemoUsersFile);
        var (firm, _) = TestCity.TwoBusiestFirms();
        var (onTimeLift, lateLift) = (TestCity.ElevatorsOf(firm)[0], TestCity.ElevatorsOf(firm)[1]);
        var otherFirms = TestCity.Demo.Firms.Where(f => f.Id != firm).ToList();

        string onTime;
        await using (var responders = await StartAsync(host, usersFile, TestCity.Demo.Firms, lateShare: 0))
        {
            onTime = await RaiseTrappedPassengerAsync(host, onTimeLift);
            var closed = await WaitUntilClosedAsync(host, onTime);

            closed.GetProperty("status").GetString().ShouldBe("Completed");
            closed.GetProperty("dispatches").GetArrayLength().ShouldBe(1);
            StepsOf(closed).ShouldBe([("Occurred", onTimeLift), ("Responded", TestCity.FirmUser(firm)), ("Arrived", TestCity.FirmUser(firm)), ("Completed", TestCity.FirmUser(firm))]);
        }

        await using var lateFirm = await StartAsync(host, usersFile, [TestCity.Demo.Firms.Single(f => f.Id == firm)], lateShare: 1);
        await using var others = await StartAsync(host, usersFile, otherFirms, lateShare: 0);
        var late = await RaiseTrappedPassengerAsync(host, lateLift);
        var redispatched = await WaitUntilClosedAsync(host, late);

        var dispatches = redispatched.GetProperty("dispatches").EnumerateArray().Select(d => d.GetProperty("firmId").GetString()!).ToList();
        dispatches.Count.ShouldBe(2);
        dispatches[0].ShouldBe(firm);
        var next = TestCity.FirmUser(dispatches[1]);
        redispatched.GetProperty("status").GetString().ShouldBe("Completed");
        StepsOf(redispatched).ShouldBe([("Occurred", lateLift), ("Responded", TestCity.FirmUser(firm)), ("Arrived", next), ("Completed", next)]);
        redispatched.GetProperty("escalatedToDistrict").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public void For_ManyAlarms_TheLateShareArrivesAfterTheLimitAndTheRestBefore()
    {
        var limit = TimeSpan.FromMinutes(30);
        var plans = Enumerable.Range(0, 1000).Select(i => ResponsePlan.For(7, $"EL-{i:D4}/11/20261206100000", "FIRM-001", 0.2, limit, ResponseTimings.Demo)).ToList();

        plans.Count(p => p.Late).ShouldBeInRange(150, 250);
        plans.Where(p => p.Late).ShouldAllBe(p => p.ArriveAfter > limit);
        plans.Where(p => !p.Late).ShouldAllBe(p => p.ArriveAfter < limit);
        plans.ShouldAllBe(p => p.RespondAfter < p.ArriveAfter && p.ArriveAfter < p.CompleteAfter);
        ResponsePlan.For(7, "EL-0001/11/20261206100000", "FIRM-001", 0.2, limit, ResponseTimings.Demo)
            .ShouldBe(ResponsePlan.For(7, "EL-0001/11/20261206100000", "FIRM-001", 0.2, limit, ResponseTimings.Demo));
        ResponsePlan.For(7, "EL-0001/03/20261206100000", "FIRM-001", 1, arrivalDueIn: null, ResponseTimings.Demo).Late.ShouldBeFalse();
    }

    private static Task<FirmResponders> StartAsync(CommandCenterProcess host, string usersFile, IEnumerable<MaintenanceFirm> firms, double lateShare) =>
        FirmResponders.StartAsync(new Uri(host.BaseUrl), usersFile, firms, seed: 1, lateShare, Quick, TimeProvider.System, TextWriter.Null, Cancel);

    private static async Task<string> RaiseTrappedPassengerAsync(CommandCenterProcess host, string elevatorId)
    {
        await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, elevatorId);
        (await device.PublishAsync(Topics.ElevatorStatus(elevatorId), StatusJson.For(elevatorId, 1, 7))).IsSuccess.ShouldBeTrue();
        (await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, elevatorId), EventJson.Raised(elevatorId, 2, FaultCodes.TrappedPassenger))).IsSuccess.ShouldBeTrue();
        return await Eventually.ValueAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=all", Cancel)).EnumerateArray()
                .Where(a => a.GetProperty("elevatorId").GetString() == elevatorId)
                .Select(a => a.GetProperty("id").GetString())
                .FirstOrDefault(),
            Deadline,
            $"the trapped-passenger alarm of {elevatorId}");
    }

    private static async Task<JsonElement> WaitUntilClosedAsync(CommandCenterProcess host, string alarmId)
    {
        var closed = await Eventually.ValueAsync(
            async () => await host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{alarmId}", Cancel) is var alarm
                && alarm.GetProperty("status").GetString() is "Completed" or "FalseAlarm" ? alarm.GetRawText() : null,
            Deadline,
            $"{alarmId} closed by the simulated firms");
        return JsonDocument.Parse(closed).RootElement;
    }

    private static List<(string, string)> StepsOf(JsonElement alarm) =>
        [.. alarm.GetProperty("steps").EnumerateArray().Select(s => (s.GetProperty("status").GetString()!, s.GetProperty("actor").GetString()!))];
}
