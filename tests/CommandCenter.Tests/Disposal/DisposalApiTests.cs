using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Tests.Consoles;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Disposal;

/// <summary>
/// The units and the residents through the real command center (demo city): a department returns a wrong dispatch with its
/// reason, recorded under its user; the disposal console <c>/work</c> lists what is dispatched to the signed-in unit and
/// nothing else; a closed case is evaluated by its reporter or by an operator on the phone, and an unsatisfied evaluation
/// reopens it for the same unit.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class DisposalApiTests(ConsoleHostFixture fixture)
{
    private const string DepartmentUser = $"department-{Shape.Department}";
    private const string StreetUser = $"street-{Shape.Street}";
    private const string Reporter = $"gridworker-{Shape.Grid}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Return_ByTheDepartment_IsRecordedWithItsUserAndReasonAndTheCaseLeavesIt()
    {
        using var operatorClient = await SignInAsync("operator");
        using var department = await SignInAsync(DepartmentUser);
        using var street = await SignInAsync(StreetUser);
        var id = await DispatchedAsync(operatorClient, new { level = "Department", id = Shape.Department });

        using var notTheirs = await street.PostAsJsonAsync($"/api/tickets/{id}/return", new { comment = "不是我们的" }, Ct);
        notTheirs.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var noReason = await department.PostAsJsonAsync($"/api/tickets/{id}/return", new { comment = "" }, Ct);
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldContain("return");

        using var returned = await department.PostAsJsonAsync($"/api/tickets/{id}/return", new { comment = "供热管网归热力公司" }, Ct);

        returned.StatusCode.ShouldBe(HttpStatusCode.OK, await returned.Content.ReadAsStringAsync(Ct));
        var ticket = (await operatorClient.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!;
        ticket["ticket"]!["status"]!.GetValue<string>().ShouldBe(nameof(TicketStatus.Filed));
        var record = ticket["ticket"]!["returns"]!.AsArray().ShouldHaveSingleItem()!;
        (record["unit"]!["level"]!.GetValue<string>(), record["unit"]!["id"]!.GetValue<string>(), record["actor"]!.GetValue<string>(), record["reason"]!.GetValue<string>())
            .ShouldBe((nameof(TicketAreaLevel.Department), Shape.Department, DepartmentUser, "供热管网归热力公司"));
        var entry = ticket["audit"]!.AsArray()[^1]!;
        (entry["action"]!.GetValue<string>(), entry["actor"]!.GetValue<string>(), entry["area"]!.GetValue<string>())
            .ShouldBe((nameof(TicketAction.Return), DepartmentUser, $"department/{Shape.Department}"));
        // No longer dispatched to it: the department neither reads it nor finds it on its console.
        using var read = await department.GetAsync($"/api/tickets/{id}", Ct);
        read.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await WorkPageAsync(department)).ShouldNotContain(id);
    }

    [Fact]
    public async Task WorkPage_ListsWhatIsDispatchedToTheSignedInUnitOnly()
    {
        using var operatorClient = await SignInAsync("operator");
        using var department = await SignInAsync(DepartmentUser);
        using var street = await SignInAsync(StreetUser);
        var toDepartment = await DispatchedAsync(operatorClient, new { level = "Department", id = Shape.Department });
        var toStreet = await DispatchedAsync(operatorClient, new { level = "Street", id = Shape.Street });

        var departmentPage = await WorkPageAsync(department);
        var streetPage = await WorkPageAsync(street);

        departmentPage.ShouldContain($"data-ticket=\"{toDepartment}\"");
        departmentPage.ShouldNotContain(toStreet);
        streetPage.ShouldContain($"data-ticket=\"{toStreet}\"");
        // The case happened in the street, but it is the department's to handle.
        streetPage.ShouldNotContain($"data-ticket=\"{toDepartment}\"");
    }

    [Fact]
    public async Task Evaluate_ByTheReporterUnsatisfied_ReopensTheCaseForTheSameDepartment()
    {
        using var operatorClient = await SignInAsync("operator");
        using var reporter = await SignInAsync(Reporter);
        using var department = await SignInAsync(DepartmentUser);
        var id = await ClosedAsync(operatorClient);

        using var bad = await reporter.PostAsJsonAsync($"/api/tickets/{id}/evaluation", new { satisfaction = "great" }, Ct);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>()
            .ShouldContain("satisfied, basically-satisfied, unsatisfied");
        using var notAnEvaluator = await department.PostAsJsonAsync($"/api/tickets/{id}/evaluation", new { satisfaction = "satisfied" }, Ct);
        notAnEvaluator.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var evaluated = await reporter.PostAsJsonAsync(
            $"/api/tickets/{id}/evaluation", new { satisfaction = "unsatisfied", comment = "垃圾又堆起来了", rework = true }, Ct);

        evaluated.StatusCode.ShouldBe(HttpStatusCode.OK, await evaluated.Content.ReadAsStringAsync(Ct));
        var ticket = (await evaluated.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!;
        (ticket["status"]!.GetValue<string>(), ticket["reworkCount"]!.GetValue<int>()).ShouldBe((nameof(TicketStatus.Dispatched), 1));
        var evaluation = ticket["evaluations"]!.AsArray().ShouldHaveSingleItem()!;
        (evaluation["satisfaction"]!.GetValue<string>(), evaluation["channel"]!.GetValue<string>(), evaluation["actor"]!.GetValue<string>(), evaluation["reopened"]!.GetValue<bool>())
            .ShouldBe((nameof(TicketSatisfaction.Unsatisfied), nameof(TicketEvaluationChannel.Reporter), Reporter, true));
        (await WorkPageAsync(department)).ShouldContain($"data-ticket=\"{id}\"");
    }

    [Fact]
    public async Task Evaluate_ByAnOperatorOnThePhone_IsRecordedOnceAsAPhoneEvaluation()
    {
        using var operatorClient = await SignInAsync("operator");
        var id = await ClosedAsync(operatorClient);

        using var evaluated = await operatorClient.PostAsJsonAsync($"/api/tickets/{id}/evaluation", new { satisfaction = "basically-satisfied", comment = "市民来电" }, Ct);
        using var again = await operatorClient.PostAsJsonAsync($"/api/tickets/{id}/evaluation", new { satisfaction = "satisfied" }, Ct);

        evaluated.StatusCode.ShouldBe(HttpStatusCode.OK, await evaluated.Content.ReadAsStringAsync(Ct));
        var evaluation = (await evaluated.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!["evaluations"]!.AsArray().ShouldHaveSingleItem()!;
        (evaluation["satisfaction"]!.GetValue<string>(), evaluation["channel"]!.GetValue<string>(), evaluation["comment"]!.GetValue<string>())
            .ShouldBe((nameof(TicketSatisfaction.BasicallySatisfied), nameof(TicketEvaluationChannel.Phone), "市民来电"));
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!["currentState"]!.GetValue<string>().ShouldBe(nameof(TicketStatus.Closed));
    }

    [Fact]
    public async Task Whistle_ByTheStreet_SummonsDepartmentsWhoSeeItOnTheirConsoleAndReportIn()
    {
        using var operatorClient = await SignInAsync("operator");
        using var street = await SignInAsync(StreetUser);
        using var community = await SignInAsync($"community-{Shape.Community}");
        using var department = await SignInAsync(DepartmentUser);
        var id = await DispatchedAsync(operatorClient, new { level = "Street", id = Shape.Street });

        using var notAStreet = await community.PostAsJsonAsync($"/api/tickets/{id}/whistle", new { departments = new[] { Shape.Department }, comment = "需要城管" }, Ct);
        notAStreet.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var notSummoned = await department.PostAsJsonAsync($"/api/tickets/{id}/report-in", new { }, Ct);
        notSummoned.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var whistled = await street.PostAsJsonAsync($"/api/tickets/{id}/whistle", new { departments = new[] { Shape.Department, "zj" }, comment = "占道违建，需城管、住建到场" }, Ct);
        whistled.StatusCode.ShouldBe(HttpStatusCode.OK, await whistled.Content.ReadAsStringAsync(Ct));
        (await WorkPageAsync(department)).ShouldContain("data-testid=\"work-report-in-form\"");

        using var reported = await department.PostAsJsonAsync($"/api/tickets/{id}/report-in", new { comment = "执法队 3 人到场" }, Ct);

        reported.StatusCode.ShouldBe(HttpStatusCode.OK, await reported.Content.ReadAsStringAsync(Ct));
        var summons = (await reported.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!["summons"]!.AsArray();
        summons.Select(s => (s!["department"]!["id"]!.GetValue<string>(), s["whistledBy"]!.GetValue<string>(), s["reportedInBy"]?.GetValue<string>()))
            .ShouldBe([(Shape.Department, StreetUser, DepartmentUser), ("zj", StreetUser, null)]);
        summons[0]!["reportedInAt"]!.GetValue<DateTimeOffset>().ShouldBeGreaterThanOrEqualTo(summons[0]!["whistledAt"]!.GetValue<DateTimeOffset>());
        (await WorkPageAsync(street)).ShouldContain("data-testid=\"ticket-summons\"");
    }

    [Fact]
    public async Task AssistFeedback_WithPhotos_TheAssistingUnitsPhotosAreRecordedAsItsOwnAndServedOnlyToThoseWhoSeeTheCase()
    {
        const string Assisting = "zj";
        using var operatorClient = await SignInAsync("operator");
        using var lead = await SignInAsync(DepartmentUser);
        using var assisting = await SignInAsync($"department-{Assisting}");
        using var uninvolved = await SignInAsync("department-sz");
        var id = await DispatchedAsync(operatorClient, new { level = "Department", id = Shape.Department });
        await StepAsync(operatorClient, id, "assist", new { units = new[] { new { level = "Department", id = Assisting } }, comment = "需住建协办" });

        // Not before it has accepted its part, and never for a unit that does not assist (the lead feeds back at its own step).
        using var beforeAccepting = await AttachAsync(assisting, id, "assist-feedback");
        beforeAccepting.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await beforeAccepting.Content.ReadAsStringAsync(Ct)).ShouldContain($"department/{Assisting}");
        await StepAsync(assisting, id, "assist-accept");
        using var byTheLead = await AttachAsync(lead, id, "assist-feedback");
        byTheLead.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var byAnother = await AttachAsync(uninvolved, id, "assist-feedback");
        byAnother.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var attached = await AttachAsync(assisting, id, "assist-feedback", count: 2);
        attached.StatusCode.ShouldBe(HttpStatusCode.OK, await attached.Content.ReadAsStringAsync(Ct));
        await StepAsync(assisting, id, "assist-feedback", new { comment = "已加固围挡" });

        var ticket = (await operatorClient.GetFromJsonAsync<JsonObject>($"/api/tickets/{id}", Ct))!["ticket"]!;
        ticket["photoRecords"]!.AsArray().Select(photo => (photo!["step"]!.GetValue<string>(), photo["actor"]!.GetValue<string>(), photo["unit"]?["id"]?.GetValue<string>()))
            .ShouldBe([(nameof(TicketPhotoStep.AssistFeedback), $"department-{Assisting}", Assisting), (nameof(TicketPhotoStep.AssistFeedback), $"department-{Assisting}", Assisting)]);
        var link = $"/api/tickets/{id}/photos/1";
        foreach (var (client, status) in new[] { (assisting, HttpStatusCode.OK), (lead, HttpStatusCode.OK), (operatorClient, HttpStatusCode.OK), (uninvolved, HttpStatusCode.Forbidden) })
        {
            using var photo = await client.GetAsync(link, Ct);
            photo.StatusCode.ShouldBe(status);
        }

        // The lead's console shows them under the assisting unit's line, as the desk's case detail does.
        (await WorkPageAsync(lead)).ShouldContain($"href=\"{link}\" target=\"_blank\" rel=\"noopener\" data-testid=\"assist-photo\"");
    }

    private static async Task<HttpResponseMessage> AttachAsync(HttpClient client, string id, string step, int count = 1)
    {
        using var form = new MultipartFormDataContent { { new StringContent(step), "step" } };
        for (var n = 1; n <= count; n++)
        {
            var file = new ByteArrayContent(Photos.TestPhotos.Jpeg(64, 48));
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "photo", $"part-{n}.jpg");
        }

        return await client.PostAsync($"/api/tickets/{id}/photos", form, Ct);
    }

    private static async Task<string> WorkPageAsync(HttpClient client)
    {
        using var page = await client.GetAsync("/work", Ct);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await page.Content.ReadAsStringAsync(Ct);
    }

    /// <summary>A grid worker's case in the demo grid, reported, filed and dispatched by the operator.</summary>
    private static async Task<string> DispatchedAsync(HttpClient operatorClient, object target)
    {
        using var created = await operatorClient.PostAsJsonAsync("/api/tickets", new
        {
            source = nameof(TicketSource.GridWorker),
            category = TicketCategoryCodes.ExposedGarbage,
            description = "处置台测试 disposal test",
            gridId = Shape.Grid,
            reporter = Reporter,
        }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["ticket"]!["id"]!.GetValue<string>();
        await StepAsync(operatorClient, id, "file");
        await StepAsync(operatorClient, id, "dispatch", new { target });
        return id;
    }

    private static async Task<string> ClosedAsync(HttpClient operatorClient)
    {
        var id = await DispatchedAsync(operatorClient, new { level = "Department", id = Shape.Department });
        foreach (var step in new[] { "start", "feedback", "verify", "close" })
        {
            await StepAsync(operatorClient, id, step);
        }

        return id;
    }

    private static async Task StepAsync(HttpClient client, string id, string step, object? body = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/tickets/{id}/{step}", body ?? new { }, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<HttpClient> SignInAsync(string user)
    {
        var client = await fixture.Host.SignInAsync(user);
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        return client;
    }
}
