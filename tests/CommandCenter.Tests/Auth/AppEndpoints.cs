using CommandCenter.Extensions;
using CommandCenter.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Auth;

/// <summary>One route the app serves: an HTTP method (or <c>*</c> for any) and the route pattern as written.</summary>
public readonly record struct AppRoute(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>
/// The routes of the real command center, read from its endpoint data sources: the app is composed
/// exactly as <c>Program.cs</c> does (<c>AddCommandCenter</c>, <c>Build</c>, <c>MapCommandCenter</c>) but
/// never started, so no silo, broker or store comes up and nothing is written but an empty data folder.
/// </summary>
public static class AppEndpoints
{
    public static async Task<IReadOnlyList<(AppRoute Route, Endpoint Endpoint)>> ReadAsync()
    {
        var dataFolder = Directory.CreateTempSubdirectory("cc-endpoints-").FullName;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                // The name the static web asset manifests and the Razor pages are found by, as in the real process.
                ApplicationName = "CommandCenter",
                ContentRootPath = RepositoryPaths.CommandCenterOutput,
                EnvironmentName = "Production",
                Args = [$"--Data:Path={dataFolder}"],
            });
            builder.AddCommandCenter();
            builder.Logging.ClearProviders();
            await using var app = builder.Build();
            app.MapCommandCenter();
            return [.. ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(source => source.Endpoints)
                .OfType<RouteEndpoint>()
                .SelectMany(endpoint => MethodsOf(endpoint).Select(method => (new AppRoute(method, endpoint.RoutePattern.RawText ?? ""), (Endpoint)endpoint)))];
        }
        finally
        {
            Directory.Delete(dataFolder, recursive: true);
        }
    }

    private static IEnumerable<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : ["*"];
}
