using System.Security.Claims;
using CommandCenter.Api;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Assessment.Months;

/// <summary>The month and area an assessment query asks for, checked against the caller's scope: shared by every monthly assessment endpoint.</summary>
public static class AssessmentQuery
{
    /// <summary>
    /// A monthly assessment's read: the area and month checked as <see cref="AreaOf"/> and <see cref="MonthOf"/> say, then
    /// <paramref name="read"/> for them; a refusal as ProblemDetails.
    /// </summary>
    public static async Task<Results<Ok<T>, ProblemHttpResult>> ReadAsync<T>(
        HttpContext http, string? month, string? area, TimeZoneInfo zone, Func<AssessmentWindow, string, Task<T>> read)
    {
        var services = http.RequestServices;
        var text = services.GetRequiredService<IStringLocalizer<MonthQueryText>>();
        var (areaKey, refusal) = AreaOf(
            http.User, area, services.GetRequiredService<CityDirectory>(), services.GetRequiredService<UserScopes>(), text,
            services.GetRequiredService<IStringLocalizer<ApiText>>());
        if (refusal is not null)
        {
            return refusal;
        }

        return MonthOf(month, services.GetRequiredService<TimeProvider>(), zone) is { } chosen
            ? TypedResults.Ok(await read(chosen, areaKey!))
            : BadMonth(month, text);
    }

    /// <summary>
    /// The area to report on: the caller's own area when none is named; a named one must exist (404) and lie in the
    /// caller's area (403). Null area with a refusal otherwise.
    /// </summary>
    public static (string? AreaKey, ProblemHttpResult? Refusal) AreaOf(
        ClaimsPrincipal user, string? area, CityDirectory city, UserScopes scopes, IStringLocalizer<MonthQueryText> text, IStringLocalizer<ApiText> apiText)
    {
        if (user.ScopeOf() is not { IsArea: true } scope)
        {
            return (null, ApiProblems.OutOfScope(apiText, user, "Area", area ?? ""));
        }

        if (area is null || area == scope.AreaKey)
        {
            return (scope.AreaKey, null);
        }

        if (city.FindArea(area) is null)
        {
            return (null, TypedResults.Problem(text["UnknownArea", area], statusCode: StatusCodes.Status404NotFound));
        }

        return scope.Kind == ScopeKind.City || scopes.Covers(user, area)
            ? (area, null)
            : (null, ApiProblems.OutOfScope(apiText, user, "Area", area));
    }

    /// <summary>The month named (<c>YYYY-MM</c>), or the current month of the city when none is; null for a malformed one.</summary>
    public static AssessmentWindow? MonthOf(string? month, TimeProvider time, TimeZoneInfo zone) =>
        month is null ? AssessmentWindow.MonthOf(time.GetUtcNow(), zone)
        : AssessmentWindow.TryParseMonth(month, zone, out var parsed) ? parsed
        : null;

    public static ProblemHttpResult BadMonth(string? month, IStringLocalizer<MonthQueryText> text) =>
        ApiProblems.Invalid([text["BadMonth", month ?? ""]]);
}

/// <summary>The texts of the monthly assessments' month and area checks (<c>MonthQueryText.resx</c>, <c>MonthQueryText.zh-CN.resx</c>).</summary>
public sealed class MonthQueryText;
