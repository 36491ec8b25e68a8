using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

/// <summary>Tickets in the real process survive a crash, and a deadline that passed while it was down is acted on at start-up.</summary>
public sealed class TicketRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>A demo configuration: a round-the-clock calendar and one category with a 3.6-second limit.</summary>
    private static readonly string[] ShortLimits =
    [
        "--Tickets:Calendar:WorkingHours:0=00:00-24:00",
        .. Enum.GetNames<DayOfWeek>().Select((day, i) => $"--Tickets:Calendar:WorkingDays:{i}={day}"),
        "--Tickets:Categories:0:Code=demo-fast",
        "--Tickets:Categories:0:NameZh=演示",
        "--Tickets:Categories:0:NameEn=Demo",
        "--Tickets:Categories:0:Kind=event",
        "--Tickets:Categories:0:Group=other",
        "--Tickets:Categories:0:TimeLimit=0.001wh",
        "--Deadlines:SweepInterval=00:00:00.500",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HostKilled_DeadlinesPassWhileDown_TicketIsKeptAndEscalatedRightAfterStartUp()
    {
        await using var influx = await InfluxServer.StartAsync();
        var data = Directory.CreateTempSubdirectory("cc-tickets-").FullName;
        try
        {
            string id;
            DateTimeOffset urgentAt;
            await using (var host = await CommandCenterProcess.StartAsync(influx.Url, [$"--Data:Path={data}", .. ShortLimits]))
            {
                var created = await host.Http.PostAsJsonAsync(
                    "/api/tickets",
                    new { source = "InspectionHazard", category = "demo-fast", description = "demo", address = "文化东街", reporter = "安全员" },
                    Ct);
                created.StatusCode.ShouldBe(HttpStatusCode.Created);
                id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!["id"]!.GetValue<string>();
                await host.Http.PostAsJsonAsync($"/api/tickets/{id}/file", new { actor = "受理员" }, Ct);
                var dispatched = await host.Http.PostAsJsonAsync(
                    $"/api/tickets/{id}/dispatch", new { actor = "派遣员", target = new { level = "Department", id = "住建局" } }, Ct);
                urgentAt = (await dispatched.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!["urgentAt"]!.GetValue<DateTimeOffset>();
                await host.KillAsync();
            }

            // Every supervision level falls due while the process is down.
            var wait = urgentAt - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, Ct);
            }

            var restartedAt = DateTimeOffset.UtcNow;
            await using var restarted = await CommandCenterProcess.StartAsync(influx.Url, [$"--Data:Path={data}", .. ShortLimits]);
            var ticket = await Eventually.ValueAsync(
                async () => await restarted.Http.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct) is { } t && t["ticket"]!["level"]!.GetValue<string>() == "Urgent" ? t : null,
                Deadline,
                $"{id} to reach the urgent level");

            ticket["ticket"]!["status"]!.GetValue<string>().ShouldBe("Dispatched");
            ticket["ticket"]!["responsible"]!["key"]!.GetValue<string>().ShouldBe("city");
            var audit = ticket["audit"]!.AsArray();
            audit.Select(e => e!["action"]!.GetValue<string>()).ShouldBe(["Report", "File", "Dispatch", "YellowCard", "RedCard", "Urgent"]);
            audit[^1]!["at"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThan(restartedAt);
            var listed = await restarted.Http.GetFromJsonAsync<JsonObject>("/api/tickets?overdue=true&area=department/住建局", Ct);
            listed!["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ShouldBe([id]);
            restarted.ErrorLines.ShouldBeEmpty();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
