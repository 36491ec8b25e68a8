using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;

namespace CommandCenter.Reliability.Scenarios;

/// <summary>
/// <c>kill -9</c> of the command center under load, with open trapped-passenger alarms and dispatched
/// work orders whose deadlines fall due while it is down. After the restart nothing acknowledged is
/// missing — statuses in InfluxDB, alarms, work orders — and every deadline that passed has fired.
/// </summary>
public sealed class KillRestartScenario() : Scenario(
    "kill-restart", "kill -9 under load -> restart -> no acknowledged message, alarm or work order lost; missed deadlines fire")
{
    /// <summary>Long enough to raise every alarm and dispatch every order before the kill, so the limits pass while the host is down.</summary>
    private static readonly TimeSpan ArrivalLimit = TimeSpan.FromSeconds(20);

    /// <summary>Demo limits: a 20 s arrival limit, a round-the-clock calendar and a work-order category with a 3.6 s limit.</summary>
    private static readonly string[] ShortLimits =
    [
        $"--Alarms:UrbanArrivalLimit={ArrivalLimit:c}",
        "--Deadlines:SweepInterval=00:00:00.500",
        "--Tickets:Calendar:WorkingHours:0=00:00-24:00",
        .. Enum.GetNames<DayOfWeek>().Select((day, i) => $"--Tickets:Calendar:WorkingDays:{i}={day}"),
        "--Tickets:Categories:0:Code=reliability-fast",
        "--Tickets:Categories:0:NameZh=可靠性演练",
        "--Tickets:Categories:0:NameEn=Reliability drill",
        "--Tickets:Categories:0:Kind=event",
        "--Tickets:Categories:0:Group=other",
        "--Tickets:Categories:0:TimeLimit=0.001wh",
    ];

    public override async Task<ScenarioOutcome> RunAsync(RunSize size)
    {
        var devices = size.Pick(100, 20);
        var alarms = size.Pick(20, 5);
        var orders = size.Pick(20, 5);
        await using var influx = await InfluxServer.StartAsync();
        var host = await CommandCenterProcess.StartAsync(influx.Url, ShortLimits);
        try
        {
            var ids = Enumerable.Range(0, devices).Select(_ => TestDevices.NextElevator()).ToArray();
            Say($"{devices} elevators publish 10 statuses/s each; {alarms} trapped passengers and {orders} dispatched work orders follow");
            await using var load = new StatusLoad(ids, () => host.MqttPort, 10);
            await Task.Delay(TimeSpan.FromSeconds(3));
            var trapped = await RaiseAlarmsAsync(host, alarms);
            var lastAlarmAt = DateTimeOffset.UtcNow;
            var (tickets, urgentAt) = await DispatchOrdersAsync(host, orders);

            var acknowledgedAtKill = load.TotalAcknowledged;
            await host.KillAsync();
            var killedAt = DateTimeOffset.UtcNow;
            Say($"killed the host (kill -9) with {acknowledgedAtKill} statuses, {trapped.Count} alarms and {tickets.Count} work orders acknowledged");
            // Every arrival limit and supervision level falls due while the host is down.
            var dueBy = new[] { urgentAt, lastAlarmAt + ArrivalLimit }.Max();
            if (dueBy > DateTimeOffset.UtcNow)
            {
                await Task.Delay(dueBy - DateTimeOffset.UtcNow);
            }

            var killed = host;
            host = await killed.RestartAsync();
            await killed.DisposeAsync();
            Say($"restarted after {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:F0} s down; devices reconnect and the load continues 5 s");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await load.StopAsync();

            var audit = await Checks.AuditSequencesAsync(influx, load.Acknowledged, TimeSpan.FromMinutes(1));
            var (alarmsKept, alarmsRedispatched) = await CheckAlarmsAsync(host, trapped);
            var (ordersKept, ordersEscalated) = await CheckOrdersAsync(host, tickets);
            var healthy = (await host.Http.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
            var passed = audit.ExactlyOnce && audit.Acknowledged > acknowledgedAtKill && healthy
                && alarmsKept == trapped.Count && alarmsRedispatched == trapped.Count
                && ordersKept == tickets.Count && ordersEscalated == tickets.Count;
            return new ScenarioOutcome(
                passed,
                $"statuses: {audit}; alarms kept {alarmsKept}/{trapped.Count}, re-dispatched after the missed arrival limit {alarmsRedispatched}/{trapped.Count}; " +
                $"work orders kept {ordersKept}/{tickets.Count}, escalated to urgent {ordersEscalated}/{tickets.Count}; devices retried {load.Retries} publishes; health {(healthy ? 200 : "not 200")}");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Trapped passengers on elevators outside the load; returns those acknowledged.</summary>
    private static async Task<List<string>> RaiseAlarmsAsync(CommandCenterProcess host, int count)
    {
        var trapped = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var id = TestDevices.NextElevator();
            await using var device = await MqttTestClient.ConnectAsync(host.MqttPort, id);
            await device.PublishAsync(Topics.ElevatorStatus(id), StatusJson.For(id, 1, 7));
            if ((await device.PublishAsync(Topics.For(MessageKind.ElevatorEvent, id), EventJson.Raised(id, 1, FaultCodes.TrappedPassenger))).IsSuccess)
            {
                trapped.Add(id);
            }
        }

        return trapped;
    }

    /// <summary>Work orders reported, filed and dispatched (the clock starts); returns their ids and when the last falls to urgent.</summary>
    private static async Task<(List<string> Ids, DateTimeOffset UrgentAt)> DispatchOrdersAsync(CommandCenterProcess host, int count)
    {
        var ids = new List<string>();
        var urgentAt = DateTimeOffset.MinValue;
        for (var i = 0; i < count; i++)
        {
            using var created = await host.Http.PostAsJsonAsync(
                "/api/tickets",
                new { source = "InspectionHazard", category = "reliability-fast", description = $"drill {i}", address = "文化东街", reporter = "安全员" });
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetString()!;
            (await host.Http.PostAsJsonAsync($"/api/tickets/{id}/file", new { actor = "受理员" })).EnsureSuccessStatusCode();
            using var dispatched = await host.Http.PostAsJsonAsync(
                $"/api/tickets/{id}/dispatch", new { actor = "派遣员", target = new { level = "Department", id = "住建局" } });
            dispatched.EnsureSuccessStatusCode();
            var urgent = (await dispatched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("urgentAt").GetDateTimeOffset();
            urgentAt = urgent > urgentAt ? urgent : urgentAt;
            ids.Add(id);
        }

        return (ids, urgentAt);
    }

    /// <summary>How many alarms are still open after the restart, and how many had their missed arrival limit acted on (a second dispatch).</summary>
    private static async Task<(int Kept, int Redispatched)> CheckAlarmsAsync(CommandCenterProcess host, List<string> trapped)
    {
        var active = await host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active");
        var open = active.EnumerateArray().Where(a => trapped.Contains(a.GetProperty("elevatorId").GetString()!)).Select(a => a.GetProperty("id").GetString()!).ToList();
        var redispatched = 0;
        try
        {
            // Alarm ids contain '/', which the alarm route takes as it is.
            await Eventually.TrueAsync(
                async () => (redispatched = (await Task.WhenAll(open.Select(async id =>
                    (await host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{id}")).GetProperty("dispatches").GetArrayLength() > 1))).Count(fired => fired)) == open.Count,
                TimeSpan.FromSeconds(30),
                "every missed arrival limit to be acted on");
        }
        catch (TimeoutException)
        {
            // The verdict reports how many fired.
        }

        return (open.Count, redispatched);
    }

    /// <summary>How many work orders exist after the restart, and how many reached the urgent level their deadlines called for.</summary>
    private static async Task<(int Kept, int Escalated)> CheckOrdersAsync(CommandCenterProcess host, List<string> ids)
    {
        var kept = new List<string>();
        foreach (var id in ids)
        {
            using var response = await host.Http.GetAsync($"/api/tickets/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                kept.Add(id);
            }
        }

        var escalated = 0;
        try
        {
            await Eventually.TrueAsync(
                async () => (escalated = (await Task.WhenAll(kept.Select(async id =>
                    (await host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}")).GetProperty("ticket").GetProperty("level").GetString() == "Urgent"))).Count(urgent => urgent)) == kept.Count,
                TimeSpan.FromSeconds(30),
                "every work order to reach the urgent level");
        }
        catch (TimeoutException)
        {
            // The verdict reports how many escalated.
        }

        return (kept.Count, escalated);
    }
}
