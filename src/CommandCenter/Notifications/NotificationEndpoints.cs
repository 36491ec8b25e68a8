using System.Security.Claims;
using CommandCenter.Alarms;
using CommandCenter.Api;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Notifications.Store;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Notifications;

/// <summary>The deliveries of an alarm: who was reached, over which channel, when, and how it went.</summary>
public static class NotificationEndpoints
{
    /// <summary>One delivery as the API shows it; the phone masked (138****0000) for those who only read alarms.</summary>
    public sealed record DeliveryView(
        string Channel, string Step, string? RecipientRole, string RecipientName, string RecipientPhone,
        DeliveryStatus Status, int Attempts, DateTime CreatedAt, DateTime? LastAttemptAt, DateTime? NextAttemptAt, string? Result);

    public static WebApplication MapNotificationEndpoints(this WebApplication app)
    {
        // Alarm ids contain '/', so the alarm comes as a query parameter, as for its steps.
        app.MapGet("/api/alarms/notifications", async (string id, IGrainFactory grains, UserScopes scopes, ClaimsPrincipal user, NotificationOutbox outbox, IStringLocalizer<AlarmText> alarmText, IStringLocalizer<ApiText> apiText, CancellationToken cancellationToken) =>
        {
            if (await grains.GetGrain<IAlarmGrain>(id).GetAsync() is not { } alarm)
            {
                return Results.Problem(alarmText[AlarmProblems.NoSuchAlarm, id], statusCode: StatusCodes.Status404NotFound);
            }

            if (!scopes.Sees(user, alarm))
            {
                return ApiProblems.OutOfScope(apiText, user, "Alarm", id);
            }

            var whole = user.IsOperator() || user.IsFirmUser();
            var deliveries = await outbox.ListAsync(NotificationOutbox.AlarmSubject(id), cancellationToken);
            return Results.Ok(deliveries.Select(d => new DeliveryView(
                d.Channel, d.Step, d.RecipientRole, d.RecipientName, whole ? d.RecipientPhone : PhoneMask.Mask(d.RecipientPhone),
                d.Status, d.Attempts, d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.Result)));
        }).WithTags("Alarms").RequireAuthorization(ConsolePolicies.AlarmReaders);
        return app;
    }
}
