using System.Security.Claims;
using CommandCenter.Api;
using CommandCenter.Assessment.Reports;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment;

/// <summary>
/// Time-windowed KPIs (<c>/api/kpis</c>), the maintenance-firm scores (<c>/api/scores/maintenance-firms</c>) and the monthly
/// workbook (<c>/api/reports/monthly.xlsx</c>), each in the caller's scope; bad months and ranges are 400 ProblemDetails.
/// </summary>
public static class AssessmentEndpoints
{
    public static WebApplication MapAssessmentEndpoints(this WebApplication app)
    {
        app.MapGet("/api/kpis", KpisAsync).WithTags("Assessment").RequireAuthorization(ConsolePolicies.KpiReaders)
            .WithSummary("Work-order and alarm KPIs of a day, week, month or range (from/to, local dates) in the caller's scope, by district, street, community, department or firm, with the window before.");
        app.MapGet("/api/scores/maintenance-firms", FirmScoresAsync).WithTags("Assessment").RequireAuthorization(ConsolePolicies.FirmScoreReaders)
            .WithSummary("Every maintenance firm's quality score for a month (YYYY-MM), ranked, with the trend; a firm sees the others' ranks only.");
        app.MapGet("/api/reports/monthly.xlsx", WorkbookAsync).WithTags("Assessment").RequireAuthorization(ConsolePolicies.ReportReaders)
            .WithSummary("The monthly report (YYYY-MM) of the caller's area as an .xlsx workbook, one sheet per topic; audited.");
        return app;
    }

    private static async Task<IResult> KpisAsync(
        string? period, string? month, string? from, string? to, string? by, ClaimsPrincipal user, CityDirectory city, KpiService kpis,
        IOptions<AssessmentOptions> options, FirmScores scores, TimeProvider time, IStringLocalizer<AssessmentText> text, IStringLocalizer<ApiText> apiText,
        CancellationToken cancellationToken)
    {
        if (AssessmentScope.Of(user, city) is not { } scope)
        {
            return ApiProblems.OutOfScope(apiText, user, "Scope", user.ScopeOf()?.ToString() ?? "");
        }

        var errors = new List<string>();
        var window = AssessmentRequests.WindowOf(period, month, from, to, time.GetUtcNow(), scores.Zone, options.Value.MaxRangeDays, text, errors);
        var grouping = AssessmentRequests.GroupingOf(by, text, errors);
        if (window is null || grouping is null)
        {
            return ApiProblems.Invalid(errors);
        }

        try
        {
            return Results.Ok(await kpis.ComputeAsync(scope, window, window.Previous(scores.Zone), grouping.Value, cancellationToken));
        }
        catch (KpiGroupingException)
        {
            return ApiProblems.Invalid([text["Refused.Grouping", by!, scope.Key]]);
        }
    }

    private static async Task<IResult> FirmScoresAsync(
        string? month, ClaimsPrincipal user, FirmScores scores, TimeProvider time, IStringLocalizer<AssessmentText> text, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (AssessmentRequests.MonthOf(month, time.GetUtcNow(), scores.Zone, text, errors) is not { } window)
        {
            return ApiProblems.Invalid(errors);
        }

        var board = await scores.ComputeAsync(window, cancellationToken);
        return Results.Ok(user.FirmIdOf() is { } own ? board with { Scores = [.. board.Scores.Select(s => s.FirmId == own ? s : s.RankOnly())] } : board);
    }

    private static async Task<IResult> WorkbookAsync(
        string? month, ClaimsPrincipal user, HttpContext http, CityDirectory city, MonthlyReports reports, FirmScores scores, AuditLog audit, TimeProvider time,
        IStringLocalizer<AssessmentText> text, IStringLocalizer<ApiText> apiText, CancellationToken cancellationToken)
    {
        if (AssessmentScope.Of(user, city) is not { IsArea: true } scope)
        {
            return ApiProblems.OutOfScope(apiText, user, "Scope", user.ScopeOf()?.ToString() ?? "");
        }

        var errors = new List<string>();
        if (AssessmentRequests.MonthOf(month, time.GetUtcNow(), scores.Zone, text, errors) is not { } window)
        {
            return ApiProblems.Invalid(errors);
        }

        var report = await reports.BuildAsync(scope, window, cancellationToken);
        var workbook = new MemoryStream();
        await MonthlyWorkbook.WriteAsync(report, workbook, cancellationToken);
        await audit.RecordAsync(AuditActor.Of(http), AuditActions.ReportExported, scope.Key, $"monthly {window.Label}, {report.Sheets.Count} sheets");
        workbook.Position = 0;
        return Results.File(workbook, MonthlyWorkbook.ContentType, $"monthly-{window.Label}-{scope.Key.Replace('/', '-')}.xlsx");
    }
}
