using System.Collections.Immutable;
using CommandCenter.Audit;
using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Photos;

/// <summary>An upload as it arrived: the name the client gave it (for messages only) and its bytes.</summary>
public sealed record PhotoUpload(string Name, byte[] Bytes);

/// <summary>Uploads checked and re-encoded, or why some of them were refused (then none is stored).</summary>
public sealed record PreparedPhotos(ImmutableArray<ProcessedPhoto> Photos, ImmutableArray<PhotoRefusal> Refusals);

/// <summary>
/// Photos on cases, for every way in (<c>POST /api/tickets/{id}/photos</c> now, a case reported with photos next):
/// <see cref="ReadAsync"/> takes the uploads of a multipart form, <see cref="Prepare"/> checks and re-encodes them all
/// before anything is stored, so a report with a bad photo can be refused whole; <see cref="AttachAsync"/> stores them
/// within the quota and records them on the ticket. Every refusal is logged with its reason and user and kept in the
/// audit log (<c>photo-refused</c>), every attachment too (<c>photo-attached</c>).
/// </summary>
public sealed class PhotoService(
    PhotoProcessor processor, PhotoStore store, IGrainFactory grains, AuditLog audit, IStringLocalizer<PhotoText> text, ILogger<PhotoService> logger)
{
    /// <summary>Most photos one request may carry.</summary>
    public const int MaxPerRequest = Grains.Tickets.TicketPhotoRules.MaxPerStep;

    /// <summary>The multipart field photos are sent in.</summary>
    public const string Field = "photo";

    /// <summary>
    /// The request's form, or the refusal (logged and audited against <paramref name="target"/>) when it is larger than
    /// the most photos of the largest size allow.
    /// </summary>
    public async Task<(IFormCollection? Form, PhotoRefusal? TooLarge)> ReadFormAsync(
        HttpRequest request, long maxBytes, AuditActor actor, string target, CancellationToken cancellationToken)
    {
        try
        {
            return (request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty, null);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            var refusal = new PhotoRefusal(PhotoRefusal.RequestTooLarge, PhotoSizes.Text(MaxPerRequest * maxBytes));
            await RefusedAsync(actor, target, [refusal]);
            return (null, refusal);
        }
    }

    /// <summary>
    /// The form's <see cref="Field"/> files, each read only when within the size limit (a larger one is refused by its
    /// declared length, unread), or the refusals: none sent, too many.
    /// </summary>
    public async Task<(ImmutableArray<PhotoUpload> Uploads, ImmutableArray<PhotoRefusal> Refusals)> ReadAsync(
        IFormCollection form, long maxBytes, CancellationToken cancellationToken)
    {
        var files = form.Files.GetFiles(Field);
        if (files.Count == 0)
        {
            return ([], [new PhotoRefusal(PhotoRefusal.NoPhoto, Field)]);
        }

        if (files.Count > MaxPerRequest)
        {
            return ([], [new PhotoRefusal(PhotoRefusal.TooMany, MaxPerRequest, files.Count)]);
        }

        var uploads = ImmutableArray.CreateBuilder<PhotoUpload>();
        var refusals = ImmutableArray.CreateBuilder<PhotoRefusal>();
        foreach (var (file, index) in files.Select((file, index) => (file, index)))
        {
            var name = string.IsNullOrWhiteSpace(file.FileName) ? $"{Field} {index + 1}" : Path.GetFileName(file.FileName);
            if (file.Length > maxBytes)
            {
                refusals.Add(new PhotoRefusal(PhotoRefusal.TooLarge, name, PhotoSizes.Text(file.Length), PhotoSizes.Text(maxBytes)));
                continue;
            }

            using var content = new MemoryStream((int)file.Length);
            await file.CopyToAsync(content, cancellationToken);
            uploads.Add(new PhotoUpload(name, content.ToArray()));
        }

        return (uploads.ToImmutable(), refusals.ToImmutable());
    }

    /// <summary>Checks and re-encodes each upload; refusals of all of them at once.</summary>
    public PreparedPhotos Prepare(IEnumerable<PhotoUpload> uploads)
    {
        var photos = ImmutableArray.CreateBuilder<ProcessedPhoto>();
        var refusals = ImmutableArray.CreateBuilder<PhotoRefusal>();
        foreach (var upload in uploads)
        {
            var (photo, refusal) = processor.Process(upload.Name, upload.Bytes);
            if (photo is not null)
            {
                photos.Add(photo);
            }
            else
            {
                refusals.Add(refusal!);
            }
        }

        return new PreparedPhotos(photos.ToImmutable(), refusals.ToImmutable());
    }

    /// <summary>
    /// Stores the photos and records them on the ticket at <paramref name="step"/> as taken by the actor (for an assisting unit's
    /// feedback, as <paramref name="unit"/>'s). Answers the
    /// ticket, or the quota refusal (nothing stored). A refusal by the ticket (<see cref="TicketException"/>) removes
    /// the stored files again and is thrown on.
    /// </summary>
    public async Task<(TicketDetails? Ticket, PhotoRefusal? Refusal)> AttachAsync(
        string ticketId, TicketPhotoStep step, ImmutableArray<ProcessedPhoto> photos, AuditActor actor, TicketArea? unit, CancellationToken cancellationToken)
    {
        var stored = new List<string>();
        try
        {
            foreach (var photo in photos)
            {
                if (await store.SaveAsync(photo, cancellationToken) is not { } id)
                {
                    var usage = store.Usage;
                    var refusal = new PhotoRefusal(PhotoRefusal.OverQuota, photo.Name, PhotoSizes.Text(usage.Bytes), PhotoSizes.Text(usage.QuotaBytes));
                    RemoveAll(stored);
                    await RefusedAsync(actor, ticketId, [refusal]);
                    return (null, refusal);
                }

                stored.Add(id);
            }

            var ticket = await grains.GetGrain<ITicketGrain>(ticketId).AttachPhotosAsync(step, actor.Name, [.. stored], unit);
            await audit.RecordAsync(actor, AuditActions.PhotoAttached, ticketId, $"{KebabCase.Of(step)}: {stored.Count} → {string.Join(", ", stored)}");
            return (ticket, null);
        }
        catch
        {
            RemoveAll(stored);
            throw;
        }
    }

    /// <summary>Logs and audits why uploads were refused, with the user and the ticket (or what was being reported).</summary>
    public async Task RefusedAsync(AuditActor actor, string target, IReadOnlyList<PhotoRefusal> refusals)
    {
        var reasons = string.Join(" ", refusals.Select(refusal => refusal.Render(text)));
        logger.LogWarning("Photos refused for {Target} from {User} ({Role}, {Address}): {Reasons}", target, actor.Name, actor.Role, actor.Address, reasons);
        await audit.RecordAsync(actor, AuditActions.PhotoRefused, target, reasons);
    }

    private void RemoveAll(List<string> stored)
    {
        foreach (var id in stored)
        {
            store.Delete(id);
        }

        stored.Clear();
    }
}
