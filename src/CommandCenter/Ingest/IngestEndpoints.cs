using CommandCenter.Auth;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Pipeline;
using CommandCenter.TelemetryIngest.Sequencing;
using CommandCenter.TelemetryIngest.Validation;
using CommandCenter.Api;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Ingest;

public static class IngestEndpoints
{
    private const int MaxDeadLetters = 1000;

    public static WebApplication MapIngestEndpoints(this WebApplication app)
    {
        var ingest = app.MapGroup("/api").WithTags("Ingest").RequireAuthorization(ConsolePolicies.Monitoring);
        ingest.MapGet("/ingest/stats", (IngestPipeline pipeline) => Results.Ok(pipeline.GetStatistics()));

        // Per device and topic: highest sequence number, duplicates dropped, numbers missing.
        ingest.MapGet("/ingest/sequences", (SequenceTracker sequences, string? deviceId, bool? gapsOnly) =>
            Results.Ok(sequences.Snapshot()
                .Where(s => deviceId is null || s.DeviceId == deviceId)
                .Where(s => gapsOnly != true || s.Missing > 0)
                .OrderBy(s => s.DeviceId, StringComparer.Ordinal)
                .ThenBy(s => s.Kind)));

        ingest.MapGet("/deadletters", (DeadLetterStore store, IStringLocalizer<ApiText> text, int? limit, string? reason, string? deviceId) =>
        {
            RejectReason? filter = null;
            if (reason is not null)
            {
                if (!Enum.TryParse<RejectReason>(reason, ignoreCase: true, out var parsed))
                {
                    return Results.Problem(
                        text["Ingest.UnknownReason", reason, string.Join(", ", Enum.GetNames<RejectReason>())], statusCode: StatusCodes.Status400BadRequest);
                }

                filter = parsed;
            }

            var take = Math.Clamp(limit ?? 100, 1, MaxDeadLetters);
            return Results.Ok(new
            {
                total = store.Total,
                countsByReason = store.CountsByReason().ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
                items = store.Newest(take, filter, deviceId),
            });
        });
        return app;
    }
}
