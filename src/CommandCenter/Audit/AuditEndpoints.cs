using System.Globalization;
using CommandCenter.Api;
using CommandCenter.Audit.Store;
using CommandCenter.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Audit;

/// <summary>Filters of <c>GET /api/audit</c>: exact actor, action code and target; <c>from</c> and <c>to</c> as ISO 8601 instants (UTC unless an offset is given).</summary>
public sealed record AuditFilter(string? Actor, string? Action, string? Target, string? From, string? To, int? Page, int? PageSize);

/// <summary>One audit entry as <c>GET /api/audit</c> answers it.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, string Actor, string? ActorRole, string? Address, string Action, string? Target, string? Detail);

/// <summary>One page of the audit log, newest first.</summary>
public sealed record AuditPage(int Total, int Page, int PageSize, IReadOnlyList<AuditRecord> Items);

/// <summary>The audit log for admins: <c>GET /api/audit</c>, paged and filtered; a bad filter answers 400 naming it.</summary>
public static class AuditEndpoints
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 500;

    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        app.MapGet("/api/audit", ListAsync)
            .RequireAuthorization(ConsolePolicies.Admin)
            .WithTags("Audit")
            .WithSummary("The audit log, newest first: filter by actor, action, target, from and to; page and pageSize (at most 500).");
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        [AsParameters] AuditFilter filter, AuditStore store, IStringLocalizer<ApiText> text, CancellationToken cancellationToken)
    {
        var (result, errors) = await QueryAsync(store, filter, text, cancellationToken);
        return result is { } found ? TypedResults.Ok(found) : ApiProblems.Invalid(errors);
    }

    /// <summary>One page of the log for these filters, or the problems with the filters; the API and the /admin/audit page both read through here.</summary>
    public static async Task<(AuditPage? Page, IReadOnlyList<string> Errors)> QueryAsync(
        AuditStore store, AuditFilter filter, IStringLocalizer<ApiText> text, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var page = filter.Page ?? 1;
        var pageSize = filter.PageSize ?? DefaultPageSize;
        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize || (long)(page - 1) * pageSize > int.MaxValue)
        {
            errors.Add(text["Audit.PageRange", MaxPageSize]);
        }

        if (filter.Action is not null && !AuditActions.All.Contains(filter.Action))
        {
            errors.Add(text["Audit.UnknownAction", filter.Action, string.Join(", ", AuditActions.All)]);
        }

        var from = Instant(filter.From, "from", text, errors);
        var to = Instant(filter.To, "to", text, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var entries = store.Entries.AsNoTracking();
        entries = filter.Actor is null ? entries : entries.Where(e => e.Actor == filter.Actor);
        entries = filter.Action is null ? entries : entries.Where(e => e.Action == filter.Action);
        entries = filter.Target is null ? entries : entries.Where(e => e.Target == filter.Target);
        entries = from is { } since ? entries.Where(e => e.At >= since) : entries;
        entries = to is { } until ? entries.Where(e => e.At <= until) : entries;
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return (new AuditPage(total, page, pageSize, [.. items.Select(ToRecord)]), errors);
    }

    /// <summary>The instant in UTC as the store keeps it; null when not given or not a date and time (then an error names the field).</summary>
    private static DateTime? Instant(string? value, string field, IStringLocalizer<ApiText> text, List<string> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant.UtcDateTime;
        }

        errors.Add(text["Audit.NotAnInstant", field, value]);
        return null;
    }

    private static AuditRecord ToRecord(AuditEntry entry) => new(
        entry.Id, new DateTimeOffset(DateTime.SpecifyKind(entry.At, DateTimeKind.Utc)), entry.Actor, entry.ActorRole, entry.Address, entry.Action, entry.Target, entry.Detail);
}
