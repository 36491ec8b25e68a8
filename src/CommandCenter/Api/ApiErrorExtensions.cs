using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Api;

/// <summary>
/// Every refused API request answers a ProblemDetails that says why, including one ASP.NET Core itself refuses,
/// in the request's UI culture (see <see cref="Localization.LocalizationExtensions"/>).
/// </summary>
public static class ApiErrorExtensions
{
    /// <summary>The framework's title of a 500, which is not the status's reason phrase.</summary>
    private const string DefaultServerErrorTitle = "An error occurred while processing your request.";

    public static WebApplicationBuilder AddApiErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            LocalizeDefaultTitle(context);
            // A body that is not JSON, or a missing required parameter: the framework's message names the parameter.
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Detail = bad.InnerException is { } cause ? $"{bad.Message} {cause.Message}" : bad.Message;
            }
        });

        // Without this, minimal APIs answer such requests with an empty 400 and keep the reason in a debug log.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    /// <summary>
    /// The framework titles a problem by its status (Not Found) unless the endpoint gave one: such a title is
    /// shown in the request's language, an endpoint's own title is left as the endpoint wrote it.
    /// </summary>
    private static void LocalizeDefaultTitle(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var titledByStatus = problem.Status is { } status && (problem.Title == ReasonPhrases.GetReasonPhrase(status) || problem.Title == DefaultServerErrorTitle);
        if (titledByStatus && context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<ApiText>>()[$"Status.{problem.Status}"] is { ResourceNotFound: false } title)
        {
            problem.Title = title;
        }
    }

    public static WebApplication UseApiErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
            // A refused request is the caller's mistake, already answered; only real failures are logged as errors.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }
}
