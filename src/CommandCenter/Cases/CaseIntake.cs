using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using CommandCenter.Photos;
using CommandCenter.Tickets;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Cases;

/// <summary>What a grid worker sent, kept so a refused report can be shown again with nothing lost but the photos.</summary>
public sealed record CaseFields(string? Category, string? Description, string? Latitude, string? Longitude)
{
    public static CaseFields Of(IFormCollection form) =>
        new(form[CaseIntake.CategoryField], form[CaseIntake.DescriptionField], form[CaseIntake.LatitudeField], form[CaseIntake.LongitudeField]);
}

/// <summary>Why a case was not taken: the HTTP status and one localized sentence per problem; the ticket's own refusal when it made one.</summary>
public sealed record CaseRefusal(int Status, ImmutableArray<string> Reasons, TicketException? ByTicket = null);

/// <summary>
/// A case reported from the street (<c>POST /api/cases</c> and the phone's <c>/m/report</c> form): category, description,
/// a WGS-84 position and up to three photos. The position decides the grid (a grid worker may report anywhere in the city);
/// the source is the grid worker and the reporter the signed-in identity. Every field and every photo is checked before
/// anything is kept, so a bad photo refuses the whole case and stores nothing.
/// </summary>
public sealed class CaseIntake(
    IGrainFactory grains, CityDirectory city, TicketCatalog catalog, PhotoService photos, PhotoStore store, IOptions<PhotoOptions> photoOptions, AuditLog audit,
    IStringLocalizer<CaseText> text, IStringLocalizer<TicketText> ticketText, IStringLocalizer<PhotoText> photoText)
{
    public const string CategoryField = "category";
    public const string DescriptionField = "description";
    public const string LatitudeField = "latitude";
    public const string LongitudeField = "longitude";

    /// <summary>What is being reported before the ticket has an id, in the audit log and the warning of refused photos.</summary>
    private const string AuditTarget = "case";

    /// <summary>The largest request: the most photos of the largest size, and a megabyte for the fields.</summary>
    public long MaxRequestBytes => (PhotoService.MaxPerRequest * photoOptions.Value.MaxBytes) + (1024 * 1024);

    /// <summary>Reads the multipart form and reports the case; answers the new ticket with its photos, or why nothing was taken.</summary>
    public async Task<(TicketDetails? Ticket, CaseRefusal? Refusal)> ReportAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var actor = AuditActor.Of(request.HttpContext);
        var (form, tooLarge) = await photos.ReadFormAsync(request, photoOptions.Value.MaxBytes, actor, AuditTarget, cancellationToken);
        return form is null
            ? (null, new CaseRefusal(StatusCodes.Status413PayloadTooLarge, [tooLarge!.Render(photoText)]))
            : await ReportAsync(form, request.HttpContext.User, actor, cancellationToken);
    }

    private async Task<(TicketDetails? Ticket, CaseRefusal? Refusal)> ReportAsync(
        IFormCollection form, ClaimsPrincipal user, AuditActor actor, CancellationToken cancellationToken)
    {
        var fields = CaseFields.Of(form);
        var problems = ImmutableArray.CreateBuilder<string>();
        if (string.IsNullOrWhiteSpace(fields.Category) || catalog.Find(fields.Category) is null)
        {
            problems.Add(text["Refused.Category", fields.Category ?? "", string.Join(", ", catalog.Categories.Select(c => c.Code))]);
        }

        if (string.IsNullOrWhiteSpace(fields.Description))
        {
            problems.Add(text["Refused.Description"]);
        }

        var location = Locate(fields, problems);

        // Photos are optional; those sent are all read and checked before anything is kept.
        var prepared = new PreparedPhotos([], []);
        if (form.Files.GetFiles(PhotoService.Field).Count > 0)
        {
            var (uploads, unread) = await photos.ReadAsync(form, photoOptions.Value.MaxBytes, cancellationToken);
            prepared = photos.Prepare(uploads);
            if (unread.AddRange(prepared.Refusals) is { IsEmpty: false } refusals)
            {
                await photos.RefusedAsync(actor, AuditTarget, refusals);
                problems.AddRange(refusals.Select(refusal => refusal.Render(photoText)));
            }
        }

        if (problems.Count > 0 || location is null)
        {
            return (null, new CaseRefusal(StatusCodes.Status400BadRequest, problems.ToImmutable()));
        }

        // The quota is checked before the ticket exists, so a full store refuses the case rather than filing it without its photos.
        var usage = store.Usage;
        if (prepared.Photos.Sum(photo => (long)photo.Bytes.Length) is var adding and > 0 && usage.Bytes + adding > usage.QuotaBytes)
        {
            var overQuota = new PhotoRefusal(PhotoRefusal.OverQuota, prepared.Photos[0].Name, PhotoSizes.Text(usage.Bytes), PhotoSizes.Text(usage.QuotaBytes));
            await photos.RefusedAsync(actor, AuditTarget, [overQuota]);
            return (null, new CaseRefusal(StatusCodes.Status507InsufficientStorage, [overQuota.Render(photoText)]));
        }

        try
        {
            var report = new TicketReport(TicketSource.GridWorker, fields.Category!.Trim(), fields.Description!.Trim(), location, user.Identity!.Name!);
            var id = await grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).ReportAsync(report);
            await audit.RecordTicketReportAsync(actor, id, report);
            if (prepared.Photos.IsEmpty)
            {
                return (await grains.GetGrain<ITicketGrain>(id).GetAsync(), null);
            }

            var (ticket, lateOverQuota) = await photos.AttachAsync(id, TicketPhotoStep.Report, prepared.Photos, actor, unit: null, cancellationToken);
            return lateOverQuota is null
                ? (ticket, null)
                // Another upload filled the store in between: the case stands (the phone must not send it twice), without its photos.
                : (null, new CaseRefusal(StatusCodes.Status507InsufficientStorage, [text["Refused.FiledWithoutPhotos", id], lateOverQuota.Render(photoText)]));
        }
        catch (TicketException ex)
        {
            return (null, new CaseRefusal(StatusCodes.Status400BadRequest, [ticketText.Refusal(ex)], ex));
        }
    }

    /// <summary>The position as a ticket location in its grid, or null with the problem added: missing, not a number, outside the city.</summary>
    private TicketLocation? Locate(CaseFields fields, ImmutableArray<string>.Builder problems)
    {
        if (!TryParseDegrees(fields.Latitude, -90, 90, out var latitude) || !TryParseDegrees(fields.Longitude, -180, 180, out var longitude))
        {
            problems.Add(text["Refused.Position", fields.Latitude ?? "", fields.Longitude ?? ""]);
            return null;
        }

        var (location, misplaced) = TicketPlaces.Resolve(new TicketLocation(null, null, latitude, longitude), city, ticketText);
        if (misplaced is not null)
        {
            problems.Add(misplaced);
            return null;
        }

        if (location?.GridId is null)
        {
            // A city file without area outlines cannot say which grid a position is in.
            problems.Add(text["Refused.NoGrid"]);
            return null;
        }

        return location;
    }

    private static bool TryParseDegrees(string? value, double min, double max, out double degrees) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out degrees) && double.IsFinite(degrees) && degrees >= min && degrees <= max;
}
