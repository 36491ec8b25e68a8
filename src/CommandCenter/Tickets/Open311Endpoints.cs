using CommandCenter.Audit;
using CommandCenter.Auth;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using CommandCenter.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>A GeoReport v2 service: one ticket category.</summary>
public sealed record Open311Service(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("metadata")] bool Metadata,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("keywords")] string Keywords,
    [property: JsonPropertyName("group")] string Group);

/// <summary>A GeoReport v2 service request: one ticket.</summary>
public sealed record Open311Request(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_notes")] string? StatusNotes,
    [property: JsonPropertyName("service_name")] string? ServiceName,
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string? ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] DateTimeOffset UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] DateTimeOffset? ExpectedDatetime,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("address_id")] string? AddressId,
    [property: JsonPropertyName("zipcode")] string? Zipcode,
    [property: JsonPropertyName("lat")] double? Lat,
    [property: JsonPropertyName("long")] double? Long,
    [property: JsonPropertyName("media_url")] string? MediaUrl);

/// <summary>The answer to a created service request.</summary>
public sealed record Open311Created(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("service_notice")] string ServiceNotice,
    [property: JsonPropertyName("account_id")] string? AccountId);

/// <summary>A GeoReport error; errors always come as an array.</summary>
public sealed record Open311Error(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("description")] string Description);

/// <summary>
/// Open311 GeoReport v2 (JSON only) so existing reporting apps plug in: services are the ticket
/// categories, service requests are tickets (source Open311), expected_datetime is the disposal
/// deadline. Times are given in the working calendar's time zone. Reads need no key; posting needs
/// an integration client's API key with the <c>open311</c> scope. Services have no extra attributes
/// (metadata=false). Service names, notices and errors are in the request's language (Accept-Language,
/// <c>?lang=</c>; Chinese by default).
/// </summary>
public static class Open311Endpoints
{
    private const string OpenStatus = "open";
    private const string ClosedStatus = "closed";
    private const int MaxRequests = 1000;
    private static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(90);

    public static WebApplication MapOpen311Endpoints(this WebApplication app)
    {
        // GeoReport's reads are public (no reporter or contact is ever listed); posting needs an API key with the open311 scope.
        // AllowAnonymous outweighs any policy on the same endpoint, so it goes on the reads only, never on the whole group.
        var open311 = app.MapGroup("/open311/v2").WithTags("Open311");
        var reads = open311.MapGroup("").AllowAnonymous();
        reads.MapGet("/services.json", (TicketCatalog catalog, IStringLocalizer<TicketText> text) =>
                TypedResults.Ok(catalog.Categories.Select(category => ToService(category, text)).ToList()))
            .WithSummary("GeoReport v2 service list: one service per ticket category.");
        reads.MapGet("/services/{code}.json", (string code, TicketCatalog catalog, IStringLocalizer<TicketText> text) => Error(
                StatusCodes.Status404NotFound,
                catalog.Find(code) is null ? text["Open311.NotOffered", code] : text["Open311.NoAttributes", code]))
            .WithSummary("Service definitions: none, every service has metadata=false.");
        reads.MapGet("/requests.json", GetRequestsAsync).WithSummary("GeoReport v2 service requests, newest first (default: the last 90 days).");
        reads.MapGet("/requests/{id}.json", GetRequestAsync).WithSummary("One GeoReport v2 service request.");

        // Reporting apps cannot carry antiforgery tokens; the form is read by hand, not bound.
        open311.MapPost("/requests.json", PostRequestAsync).DisableAntiforgery().RequireAuthorization(ConsolePolicies.Open311Intake)
            .WithSummary("Creates a service request from form fields (or JSON): service_code, lat+long or address_string, description, contact.");
        return app;
    }

    private static async Task<Results<Ok<List<Open311Request>>, JsonHttpResult<Open311Error[]>>> GetRequestsAsync(
        HttpRequest request, IGrainFactory grains, TicketCatalog catalog, CityDirectory city, TimeProvider time, IStringLocalizer<TicketText> text)
    {
        var now = time.GetUtcNow();
        var parameters = request.Query;
        var ids = Split(parameters["service_request_id"]);
        TicketQuery query;
        if (ids.Length > 0)
        {
            // GeoReport: listed ids override every other filter.
            query = new TicketQuery { Ids = [.. ids], Take = MaxRequests };
        }
        else
        {
            if (!TryDate(parameters["start_date"], out var start) || !TryDate(parameters["end_date"], out var end))
            {
                return Error(StatusCodes.Status400BadRequest, text["Open311.Dates"]);
            }

            var statuses = new List<TicketStatus>();
            foreach (var status in Split(parameters["status"]))
            {
                switch (status.ToLowerInvariant())
                {
                    case OpenStatus:
                        statuses.AddRange(Enum.GetValues<TicketStatus>().Where(s => !IsClosed(s)));
                        break;
                    case ClosedStatus:
                        statuses.AddRange(Enum.GetValues<TicketStatus>().Where(IsClosed));
                        break;
                    default:
                        return Error(StatusCodes.Status400BadRequest, text["Open311.Status", status]);
                }
            }

            query = new TicketQuery
            {
                Category = string.IsNullOrWhiteSpace(parameters["service_code"]) ? null : parameters["service_code"].ToString(),
                Statuses = [.. statuses],
                ReportedFrom = start ?? (end is null ? now - DefaultWindow : null),
                ReportedTo = end,
                Take = MaxRequests,
            };
        }

        var page = await TicketIndex.QueryAsync(grains, query, now);
        return TypedResults.Ok(page.Items.Select(ticket => ToRequest(ticket, catalog, city)).ToList());
    }

    private static async Task<Results<Ok<List<Open311Request>>, JsonHttpResult<Open311Error[]>>> GetRequestAsync(
        string id, IGrainFactory grains, TicketCatalog catalog, CityDirectory city, IStringLocalizer<TicketText> text) =>
        await grains.GetGrain<ITicketGrain>(id).GetAsync() is { } details
            ? TypedResults.Ok(new List<Open311Request> { ToRequest(details.Ticket, catalog, city) })
            : Error(StatusCodes.Status404NotFound, text["Open311.NoSuchRequest", id]);

    private static async Task<Results<Ok<Open311Created[]>, JsonHttpResult<Open311Error[]>>> PostRequestAsync(
        HttpRequest request, IGrainFactory grains, TicketCatalog catalog, CityDirectory city, AuditLog audit, IStringLocalizer<TicketText> text)
    {
        var fields = await ReadFieldsAsync(request);
        if (fields is null)
        {
            return Error(StatusCodes.Status400BadRequest, text["Open311.Form"]);
        }

        string? Field(string name) => fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        var code = Field("service_code");
        if (catalog.Find(code) is not { } category)
        {
            return Error(StatusCodes.Status400BadRequest, code is null ? text["Open311.ServiceCodeRequired"] : text["Open311.NotOffered", code]);
        }

        if (!TryNumber(Field("lat"), out var lat) || !TryNumber(Field("long"), out var lon))
        {
            return Error(StatusCodes.Status400BadRequest, text["Open311.Coordinates"]);
        }

        var (location, misplaced) = TicketPlaces.Resolve(new TicketLocation(Address: Field("address_string"), Latitude: lat, Longitude: lon), city, text);
        if (location is null)
        {
            return Error(StatusCodes.Status400BadRequest, misplaced!);
        }

        var name = string.Join(' ', new[] { Field("first_name"), Field("last_name") }.OfType<string>());
        var contact = string.Join(", ", new[] { Field("email"), Field("phone") }.OfType<string>());
        var report = new TicketReport(
            TicketSource.Open311,
            category.Code,
            Field("description") ?? category.NameEn,
            location,
            name.Length > 0 ? name : "anonymous (Open311)",
            contact.Length > 0 ? contact : null);
        try
        {
            var id = await grains.GetGrain<ITicketDeskGrain>(GrainKeys.TicketDesk).ReportAsync(report);
            await audit.RecordTicketReportAsync(AuditActor.Of(request.HttpContext), id, report);
            var notice = text["Open311.Received", id, category.CategoryName(), category.TimeLimit.ToString()];
            return TypedResults.Ok(new[] { new Open311Created(id, notice, null) });
        }
        catch (TicketValidationException ex)
        {
            return TypedResults.Json(text.Problems(ex).Select(e => new Open311Error(StatusCodes.Status400BadRequest, e)).ToArray(), statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static Open311Service ToService(TicketCategory category, IStringLocalizer<TicketText> text) => new(
        category.Code,
        category.CategoryName(),
        text["Open311.ServiceDescription", category.CategoryName(), category.TimeLimit.ToString()],
        Metadata: false,
        Type: "realtime",
        Keywords: string.Join(',', KebabCase.Of(category.Kind), category.Group, category.NameZh),
        category.Group);

    private static Open311Request ToRequest(TicketSummary ticket, TicketCatalog catalog, CityDirectory city)
    {
        var zone = catalog.Calendar.TimeZone;
        DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone);
        var responsible = ticket.Responsible is { } area ? city.FindArea(area.Key)?.Name ?? area.Key : null;
        var gridName = ticket.Location.GridId is { } grid ? city.FindGrid(grid)?.Grid.Name : null;
        return new Open311Request(
            ticket.Id,
            IsClosed(ticket.Status) ? ClosedStatus : OpenStatus,
            ticket.StatusNotes,
            catalog.Find(ticket.Category)?.CategoryName(),
            ticket.Category,
            ticket.Description,
            ticket.Assignee is { } assignee && responsible is not null ? $"{responsible} ({assignee})" : responsible,
            ServiceNotice: null,
            Local(ticket.ReportedAt),
            Local(ticket.UpdatedAt),
            ticket.DeadlineAt is { } deadline ? Local(deadline) : null,
            ticket.Location.Address ?? gridName,
            AddressId: null,
            Zipcode: null,
            ticket.Location.Latitude,
            ticket.Location.Longitude,
            MediaUrl: null);
    }

    private static bool IsClosed(TicketStatus status) => status is TicketStatus.Closed or TicketStatus.Cancelled;

    /// <summary>Form fields, or the members of a JSON object as text; null when the body is neither.</summary>
    private static async Task<Dictionary<string, string?>?> ReadFieldsAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            return form.ToDictionary(field => field.Key, field => (string?)field.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        }

        if (!request.HasJsonContentType())
        {
            return null;
        }

        try
        {
            var json = await request.ReadFromJsonAsync<Dictionary<string, JsonElement>>();
            return json?.ToDictionary(
                member => member.Key,
                member => member.Value.ValueKind == JsonValueKind.String ? member.Value.GetString() : member.Value.ToString(),
                StringComparer.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string[] Split(string? list) => list?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];

    private static bool TryDate(string? text, out DateTimeOffset? date)
    {
        date = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var parsed = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value);
        date = value;
        return parsed;
    }

    private static bool TryNumber(string? text, out double? number)
    {
        number = null;
        if (text is null)
        {
            return true;
        }

        // "NaN", "Infinity" and "1e999" parse as numbers but are no place on Earth, and would poison every list they reach.
        var parsed = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);
        number = value;
        return parsed;
    }

    private static JsonHttpResult<Open311Error[]> Error(int status, string description) =>
        TypedResults.Json(new[] { new Open311Error(status, description) }, statusCode: status);
}
