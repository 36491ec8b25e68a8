using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Simulators.Live;

namespace CommandCenter.Simulators.People;

/// <summary>
/// The tickets API calls a simulated person makes, as the signed-in <see cref="ApiSession"/>: the same public endpoints the
/// phone pages, the disposal console and the desk use. A refused call answers its status and the ProblemDetails' reason.
/// </summary>
public sealed class CaseActions(ApiSession session, int seed)
{
    /// <summary>Cases at most per list read: the newest first, which are the ones still moving.</summary>
    private const int PageSize = 200;

    public string UserName => session.UserName;

    /// <summary>The categories a grid worker reports: all but the emergencies that devices raise.</summary>
    public async Task<IReadOnlyList<CaseCategory>> CategoriesAsync(CancellationToken cancellationToken) =>
        [.. (await session.Http.GetFromJsonAsync<List<CaseCategory>>("/api/tickets/categories", CaseView.Json, cancellationToken) ?? [])
            .Where(category => category.Group != "emergencies")];

    /// <summary>The cases in the person's own list (their unit, grid or the city) in these statuses, newest first.</summary>
    public async Task<IReadOnlyList<CaseView>> ListAsync(string statuses, bool gridWorkerCasesOnly, CancellationToken cancellationToken)
    {
        var source = gridWorkerCasesOnly ? $"&source={CaseView.GridWorkerSource}" : "";
        var list = await session.Http.GetFromJsonAsync<CaseList>($"/api/tickets?status={statuses}{source}&pageSize={PageSize}", CaseView.Json, cancellationToken);
        return list?.Items ?? [];
    }

    /// <summary>Reports a case with its photo; answers the new case's id, or null with the refusal.</summary>
    public async Task<(string? Id, string? Refusal)> ReportAsync(CaseReport report, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(report.Category), "category" },
            { new StringContent(report.Description), "description" },
            { new StringContent(report.Latitude.ToString(CultureInfo.InvariantCulture)), "latitude" },
            { new StringContent(report.Longitude.ToString(CultureInfo.InvariantCulture)), "longitude" },
            { Photo(report.Photo), "photo", "spot.jpg" },
        };
        using var response = await session.Http.PostAsync("/api/cases", form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return (null, await RefusalAsync(response, cancellationToken));
        }

        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (created.RootElement.GetProperty("ticket").GetProperty("id").GetString(), null);
    }

    /// <summary>Takes the step; null when taken, else why it was refused.</summary>
    public async Task<string?> TakeAsync(CaseView ticket, CaseStep step, CasePlan plan, CancellationToken cancellationToken)
    {
        if (step.Move is CaseMove.Feedback or CaseMove.Verify
            && await AttachPhotoAsync(ticket.Id, step.Move == CaseMove.Feedback ? "feedback" : "verification", GridPatrol.PhotoFor(seed, ticket.Id, step.Move), cancellationToken) is { } refused)
        {
            return refused;
        }

        var (path, body) = step.Move switch
        {
            CaseMove.File => ("file", (object)new { comment = "立案（模拟指挥中心）" }),
            CaseMove.Dispatch => ("dispatch", new { target = new { level = step.Target!.Level, id = step.Target.Id }, comment = "派遣（模拟指挥中心）" }),
            CaseMove.Return => ("return", new { comment = "非本单位职责，请改派（模拟）" }),
            CaseMove.Accept => ("start", new { comment = "已签收（模拟）" }),
            CaseMove.Feedback => ("feedback", new { comment = plan.Late ? "已处置，超时办结（模拟）" : "已处置完毕（模拟）" }),
            CaseMove.Verify => ("verify", new { comment = "现场核查属实，已处置（模拟网格员）" }),
            CaseMove.Close => ("close", new { comment = "核查通过，结案（模拟指挥中心）" }),
            _ => ("evaluation", new
            {
                satisfaction = SatisfactionName(plan.Satisfaction),
                comment = plan.Satisfaction switch
                {
                    Satisfaction.Satisfied => "处理及时，满意（模拟）",
                    Satisfaction.BasicallySatisfied => "基本解决（模拟）",
                    _ => "问题仍在（模拟）",
                },
                rework = plan.Rework,
            }),
        };
        using var response = await session.Http.PostAsJsonAsync($"/api/tickets/{Uri.EscapeDataString(ticket.Id)}/{path}", body, cancellationToken);
        return response.IsSuccessStatusCode ? null : await RefusalAsync(response, cancellationToken);
    }

    public static string SatisfactionName(Satisfaction satisfaction) => satisfaction switch
    {
        Satisfaction.Satisfied => "satisfied",
        Satisfaction.BasicallySatisfied => "basically-satisfied",
        _ => "unsatisfied",
    };

    private async Task<string?> AttachPhotoAsync(string caseId, string photoStep, byte[] photo, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent { { new StringContent(photoStep), "step" }, { Photo(photo), "photo", "spot.jpg" } };
        using var response = await session.Http.PostAsync($"/api/tickets/{Uri.EscapeDataString(caseId)}/photos", form, cancellationToken);
        return response.IsSuccessStatusCode ? null : $"photo: {await RefusalAsync(response, cancellationToken)}";
    }

    private static ByteArrayContent Photo(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(CasePhoto.ContentType);
        return content;
    }

    /// <summary>The status and the ProblemDetails' detail (or title), as the command center explained the refusal.</summary>
    private static async Task<string> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var reason = problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString()
                : problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
            return $"{(int)response.StatusCode} {reason}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode}";
        }
    }
}
