using System.Collections.Immutable;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Devices;

/// <summary>A device's id with its secret, answered once when the device is added or its secret rotated.</summary>
public sealed record DeviceSecretIssued(string Id, string Secret);

/// <summary>
/// <c>/api/admin/devices</c>, for admins (signed in with a second factor): list, add, rotate a secret,
/// revoke. Cookie writes carry the antiforgery header like every API write.
/// </summary>
public static class DeviceEndpoints
{
    private const int DefaultPageSize = 100;

    public static WebApplication MapDeviceEndpoints(this WebApplication app)
    {
        var devices = app.MapGroup("/api/admin/devices").WithTags("Devices").RequireAuthorization(ConsolePolicies.Admin);
        devices.MapGet("/", Results<Ok<DevicePage>, ProblemHttpResult> (
                DeviceAdministration administration, IStringLocalizer<DeviceText> deviceText, string? search, string? kind, int? limit) =>
                kind is null ? TypedResults.Ok(administration.List(search, null, limit ?? DefaultPageSize))
                : Enum.TryParse<DeviceKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? TypedResults.Ok(administration.List(search, parsed, limit ?? DefaultPageSize))
                : Refused(AdministrationResult.Refused(deviceText["Kind"]), StatusCodes.Status400BadRequest))
            .WithSummary($"Registered devices ordered by id: search (part of the id), kind, limit (at most {DeviceAdministration.MaxPageSize}). Secrets are never listed.");
        devices.MapPost("/", async Task<Results<Created<DeviceSecretIssued>, ProblemHttpResult>> (DeviceRequest? request, DeviceAdministration administration, HttpContext http) =>
            {
                var result = await administration.AddAsync(AuditActor.Of(http), request ?? new DeviceRequest(null, null, null, null));
                return result.Succeeded
                    ? TypedResults.Created($"/api/admin/devices/{request!.Id}", new DeviceSecretIssued(request.Id!, result.Secret!))
                    : Refused(result, StatusCodes.Status400BadRequest);
            })
            .WithSummary("Registers a device (id, kind; an app's elevators and units) and answers its secret, shown this once.");
        devices.MapPost("/{id}/rotate-secret", async Task<Results<Ok<DeviceSecretIssued>, ProblemHttpResult>> (string id, DeviceAdministration administration, HttpContext http) =>
            {
                var result = await administration.RotateSecretAsync(AuditActor.Of(http), id);
                return result.Succeeded ? TypedResults.Ok(new DeviceSecretIssued(id, result.Secret!)) : Refused(result, StatusCodes.Status404NotFound);
            })
            .WithSummary("Gives the device a new secret, shown this once; the old secret stops working and its live session is closed.");
        devices.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, DeviceAdministration administration, HttpContext http) =>
            {
                var result = await administration.RevokeAsync(AuditActor.Of(http), id);
                return result.Succeeded ? TypedResults.NoContent() : Refused(result, StatusCodes.Status404NotFound);
            })
            .WithSummary("Revokes the device: it is removed from the registry, cannot connect again and its live session is closed.");
        return app;
    }

    /// <summary>The refusal with its problems listed as <c>errors</c>; its title is the status's, in the request's language.</summary>
    private static ProblemHttpResult Refused(AdministrationResult result, int status) =>
        TypedResults.Problem(
            string.Join(" ", result.Problems), statusCode: status,
            extensions: new Dictionary<string, object?> { ["errors"] = result.Problems.ToImmutableArray() });
}
