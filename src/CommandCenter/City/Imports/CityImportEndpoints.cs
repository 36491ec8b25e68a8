using System.Collections.Immutable;
using CommandCenter.Audit;
using CommandCenter.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CommandCenter.City.Imports;

/// <summary>
/// <c>/api/city/imports</c>, for admins signed in with their second factor: upload a city file (checked, compared, nothing
/// applied), read the staged imports and their difference, apply one (a separate, explicit step) or discard it. Cookie
/// writes carry the antiforgery header like every API write.
/// </summary>
public static class CityImportEndpoints
{
    /// <summary>The multipart field of the city file.</summary>
    public const string CityField = "city";

    /// <summary>The multipart field of its outlines (optional).</summary>
    public const string AreasField = "areas";

    public static WebApplication MapCityImportEndpoints(this WebApplication app)
    {
        var imports = app.MapGroup("/api/city/imports").WithTags("City").RequireAuthorization(ConsolePolicies.Admin);
        imports.MapPost("/", UploadAsync)
            .WithMetadata(new RequestSizeLimitAttribute(CityImports.MaxUploadBytes))
            // A multipart body is held to 128 MB by default, below what a city file with its outlines may be.
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = CityImports.MaxUploadBytes })
            .WithSummary("Uploads a city file: the file itself as application/json, or multipart with `city` and optionally `areas` (its city-areas.geojson). " +
                         "Answers the staged import with its difference from the running city (201), or 400 listing every problem. Nothing is applied.");
        imports.MapGet("/", async (CityImports service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(ct)))
            .WithSummary("The staged imports, newest first, each with its difference from the running city as it was when staged.");
        imports.MapGet("/{id}", async Task<Results<Ok<CityImport>, ProblemHttpResult>> (string id, CityImports service, IStringLocalizer<CityImportText> text, CancellationToken ct) =>
                await service.FindAsync(id, ct) is { } import ? TypedResults.Ok(import) : Refused([text["NoSuchImport", id]], StatusCodes.Status404NotFound))
            .WithSummary("A staged import and its difference.");
        imports.MapPost("/{id}/apply", async Task<Results<Ok<CityImportApplied>, ProblemHttpResult>> (string id, CityImports service, HttpContext http, CancellationToken ct) =>
            {
                var applied = await service.ApplyAsync(AuditActor.Of(http), id, ct);
                return applied.Succeeded ? TypedResults.Ok(applied.Value!) : Refused(applied.Problems, applied.Status);
            })
            .WithSummary("Applies a staged import: the running city file is archived and replaced, new devices registered (their secrets answered this once), " +
                         "retired ones refused, and every silo switches to the new city. 409 when the city file changed since the import was staged.");
        imports.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, CityImports service, HttpContext http, CancellationToken ct) =>
            {
                var discarded = await service.DiscardAsync(AuditActor.Of(http), id, ct);
                return discarded.Succeeded ? TypedResults.NoContent() : Refused(discarded.Problems, discarded.Status);
            })
            .WithSummary("Drops a staged import without applying it.");
        return app;
    }

    private static async Task<Results<Created<CityImport>, ProblemHttpResult>> UploadAsync(
        HttpRequest request, CityImports service, IStringLocalizer<CityImportText> text, CancellationToken cancellationToken)
    {
        var actor = AuditActor.Of(request.HttpContext);
        try
        {
            CityImportResult<CityImport> result;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(cancellationToken);
                if (form.Files.GetFile(CityField) is not { } cityFile)
                {
                    return Refused([text["NoCityFile", CityField]], StatusCodes.Status400BadRequest);
                }

                await using var city = cityFile.OpenReadStream();
                await using var areas = form.Files.GetFile(AreasField)?.OpenReadStream();
                result = await service.StageAsync(actor, city, areas, cancellationToken);
            }
            else if (request.HasJsonContentType())
            {
                result = await service.StageAsync(actor, request.Body, null, cancellationToken);
            }
            else
            {
                return Refused([text["NoCityFile", CityField]], StatusCodes.Status415UnsupportedMediaType);
            }

            return result.Succeeded
                ? TypedResults.Created($"/api/city/imports/{result.Value!.Id}", result.Value)
                : Refused(result.Problems, result.Status);
        }
        catch (Exception ex) when (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } or InvalidDataException)
        {
            // InvalidDataException: the multipart reader's own length limit.
            return Refused([text["TooLarge", CityImports.MaxUploadBytes / (1024 * 1024)]], StatusCodes.Status413PayloadTooLarge);
        }
    }

    /// <summary>The refusal with its first line as the detail and every problem listed as <c>errors</c>.</summary>
    private static ProblemHttpResult Refused(IReadOnlyList<string> problems, int status) =>
        TypedResults.Problem(
            problems.Count > 0 ? problems[0] : null, statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = problems.Skip(1).ToImmutableArray() });
}
