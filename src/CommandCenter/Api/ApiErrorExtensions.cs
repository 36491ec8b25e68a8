using Microsoft.AspNetCore.Diagnostics;

namespace CommandCenter.Api;

/// <summary>Every refused API request answers a ProblemDetails that says why, including one ASP.NET Core itself refuses.</summary>
public static class ApiErrorExtensions
{
    public static WebApplicationBuilder AddApiErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
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
