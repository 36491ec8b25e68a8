using System.Text.Json;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Notifications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Referrals;

/// <summary>A refused referral as operators read it: the client, the case number when there was one, the reasons answered.</summary>
public sealed record ReferralRefusalView(string Client, string? CaseNumber, IReadOnlyList<string> Reasons, DateTime RefusedAt);

/// <summary>A referred ticket as operators read it: the hotline's case, the caller (phone masked) and every outcome callback.</summary>
public sealed record ReferralView(
    string CaseNumber, string Client, string TicketId, DateTime ReceivedAt, string? CallerName, string? CallerPhone, IReadOnlyList<NotificationEndpoints.DeliveryView> Callbacks);

/// <summary>The body of an admin's callback change.</summary>
public sealed record ReferralCallbackRequest(string? Url, bool RotateSecret = false);

/// <summary>
/// The 12345 hotline referral API (docs/referrals.md): <c>POST /api/referrals</c> for integration clients whose key has
/// the <c>referrals</c> scope; what was referred and refused, and the callbacks' deliveries, for who looks after the
/// system (city operators, admins); callback URLs under <c>/api/admin/referrals</c> for admins.
/// </summary>
public static class ReferralEndpoints
{
    private const int DefaultRefusals = 50;
    private const int MaxRefusals = 500;

    public static WebApplication MapReferralEndpoints(this WebApplication app)
    {
        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals");
        // A hotline's system sends its key, not a cookie, so there is no antiforgery token to carry.
        referrals.MapPost("/", PostAsync).DisableAntiforgery().RequireAuthorization(ConsolePolicies.ReferralIntake)
            .WithSummary("Refers a 12345 hotline case: answers the work order it became (201), or the same one again for a case number already referred (200).");
        referrals.MapGet("/refusals", async (int? limit, ReferralIntake intake, CancellationToken cancellationToken) =>
                TypedResults.Ok((await intake.RefusalsAsync(Math.Clamp(limit ?? DefaultRefusals, 1, MaxRefusals), cancellationToken))
                    .Select(r => new ReferralRefusalView(r.Client, r.CaseNumber, r.Reasons.Split('\n'), r.RefusedAt)).ToList()))
            .RequireAuthorization(ConsolePolicies.Operations)
            .WithSummary($"Referrals refused, newest first, with the reasons answered (limit, at most {MaxRefusals}).");
        referrals.MapGet("/tickets/{ticketId}", GetAsync).RequireAuthorization(ConsolePolicies.Operations)
            .WithSummary("The referral behind a ticket: the hotline's case number, the caller (phone masked) and every outcome callback with its attempts and result.");

        var admin = app.MapGroup("/api/admin/referrals").WithTags("Referrals").RequireAuthorization(ConsolePolicies.Admin);
        admin.MapGet("/clients", async (ReferralCallbacks callbacks, CancellationToken cancellationToken) => TypedResults.Ok(await callbacks.ListAsync(cancellationToken)))
            .WithSummary("Integration clients with the referrals scope and their callback URLs (secrets are never listed).");
        admin.MapPut("/clients/{client}/callback", async Task<Results<Ok<ReferralCallbackSet>, ProblemHttpResult>> (
                string client, ReferralCallbackRequest? request, ReferralCallbacks callbacks, HttpContext http, CancellationToken cancellationToken) =>
            {
                var (set, problems) = await callbacks.SetAsync(AuditActor.Of(http), client, request?.Url, request?.RotateSecret ?? false, cancellationToken);
                return set is not null ? TypedResults.Ok(set) : ApiProblems.Invalid(problems);
            })
            .WithSummary("Sets the client's callback URL (HTTPS; private, link-local and loopback hosts refused unless Referrals:AllowPrivateTargets); "
                + "answers the signing secret, shown this once, when it is new (first set, or rotateSecret).");
        admin.MapDelete("/clients/{client}/callback", async Task<Results<NoContent, ProblemHttpResult>> (
                string client, ReferralCallbacks callbacks, HttpContext http, IStringLocalizer<ReferralText> text, CancellationToken cancellationToken) =>
                await callbacks.RemoveAsync(AuditActor.Of(http), client, cancellationToken)
                    ? TypedResults.NoContent()
                    : TypedResults.Problem(text["NoCallback", client], statusCode: StatusCodes.Status404NotFound))
            .WithSummary("Removes the client's callback URL; outcomes due meanwhile wait in the outbox and are retried.");
        return app;
    }

    /// <summary>The body is read by hand so that a body that is not JSON is refused (and kept) like any other bad referral.</summary>
    private static async Task<Results<Created<ReferralAnswer>, Ok<ReferralAnswer>, ProblemHttpResult>> PostAsync(
        HttpContext http, ReferralIntake intake, IOptions<JsonOptions> json, AuditLog audit, CancellationToken cancellationToken)
    {
        ReferralRequest? request = null;
        if (http.Request.HasJsonContentType())
        {
            try
            {
                request = await http.Request.ReadFromJsonAsync<ReferralRequest>(json.Value.SerializerOptions, cancellationToken);
            }
            catch (JsonException)
            {
                // Refused below as a body that is not a referral.
            }
        }

        var client = http.User.Identity!.Name!;
        var result = await intake.ReceiveAsync(client, request, cancellationToken);
        if (result.Answer is not { } answer)
        {
            return ApiProblems.Invalid(result.Problems);
        }

        if (!result.Created)
        {
            return TypedResults.Ok(answer);
        }

        await audit.RecordAsync(AuditActor.Of(http), AuditActions.TicketReport, answer.TicketId, $"Hotline12345, case {answer.CaseNumber}");
        return TypedResults.Created($"/api/tickets/{answer.TicketId}", answer);
    }

    private static async Task<Results<Ok<ReferralView>, ProblemHttpResult>> GetAsync(
        string ticketId, ReferralIntake intake, NotificationOutbox outbox, IStringLocalizer<ReferralText> text, CancellationToken cancellationToken)
    {
        if (await intake.OfTicketAsync(ticketId, cancellationToken) is not { } referral)
        {
            return TypedResults.Problem(text["NotReferred", ticketId], statusCode: StatusCodes.Status404NotFound);
        }

        var deliveries = await outbox.ListAsync(ReferralOutcomes.Subject(ticketId), cancellationToken);
        return TypedResults.Ok(new ReferralView(
            referral.CaseNumber, referral.Client, referral.TicketId, referral.ReceivedAt, referral.CallerName,
            referral.CallerPhone is { } phone ? PhoneMask.Mask(phone) : null,
            [.. deliveries.Select(d => new NotificationEndpoints.DeliveryView(
                d.Channel, d.Step, d.RecipientRole, d.RecipientName, d.RecipientPhone, d.Status, d.Attempts, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.Result))]));
    }
}
