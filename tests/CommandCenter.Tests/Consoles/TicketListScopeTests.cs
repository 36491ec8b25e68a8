using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// Who finds a work order in their list (<c>GET /api/tickets</c>) once it is dispatched to a city
/// department: the department it is dispatched to, and still the grid worker, community, street and
/// district where it happened, who supervise and verify (核查) it; none of them a case of another district.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class TicketListScopeTests(ConsoleHostFixture fixture)
{
    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_TicketDispatchedToADepartment_StaysInTheListsOfTheAreaWhereItHappened()
    {
        var here = await DispatchedToTheDepartmentAsync(Shape.Grid);
        var elsewhere = await DispatchedToTheDepartmentAsync(Shape.GridElsewhere);

        foreach (var user in new[] { $"gridworker-{Shape.Grid}", $"community-{Shape.Community}", $"street-{Shape.Street}", $"operator-{Shape.District}" })
        {
            (await ListedForAsync(user)).ShouldBe((true, false), $"{user} lists {here} (here) and not {elsewhere} (another district)");
        }

        (await ListedForAsync($"department-{Shape.Department}")).ShouldBe((true, true));

        async Task<(bool Here, bool Elsewhere)> ListedForAsync(string userName)
        {
            var ids = await ListOfAsync(userName);
            return (ids.Contains(here), ids.Contains(elsewhere));
        }
    }

    private async Task<string> DispatchedToTheDepartmentAsync(string gridId)
    {
        var id = await ReportAsync(gridId);
        (await _host.Http.PostAsJsonAsync($"/api/tickets/{id}/file", new { }, Cancel)).EnsureSuccessStatusCode();
        (await _host.Http.PostAsJsonAsync($"/api/tickets/{id}/dispatch", new { target = new { level = "Department", id = Shape.Department } }, Cancel))
            .EnsureSuccessStatusCode();
        return id;
    }

    /// <summary>The ids of the user's ticket list, as their console or app reads it.</summary>
    private async Task<HashSet<string>> ListOfAsync(string userName)
    {
        using var user = await _host.SignInAsync(userName);
        using var response = await user.GetAsync("/api/tickets?pageSize=500", Cancel);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, userName);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return [.. page.GetProperty("items").EnumerateArray().Select(ticket => ticket.GetProperty("id").GetString()!)];
    }

    private async Task<string> ReportAsync(string gridId)
    {
        var created = await _host.Http.PostAsJsonAsync(
            "/api/tickets", new { source = "grid-worker", category = "road-cleaning", description = "派往部门后 after dispatch to a department", gridId }, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancel));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticket").GetProperty("id").GetString()!;
    }
}
