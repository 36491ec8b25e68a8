using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Audit;

/// <summary>
/// Entries recorded from more than one place (a REST endpoint and a console take the same steps; the
/// configuration and a host command add users), written once so every place records the same.
/// </summary>
public static class AuditLogExtensions
{
    public static Task RecordAlarmStepAsync(this AuditLog audit, AuditActor actor, AlarmAction action, AlarmSnapshot alarm) =>
        audit.RecordAsync(actor, AuditActions.AlarmStep, alarm.Id, $"{action} → {alarm.Status}");

    public static Task RecordTicketReportAsync(this AuditLog audit, AuditActor actor, string ticketId, TicketReport report) =>
        audit.RecordAsync(actor, AuditActions.TicketReport, ticketId, $"{report.Source}, {report.Category}");

    public static Task RecordTicketStepAsync(this AuditLog audit, AuditActor actor, TicketAction action, TicketCommand command, TicketDetails ticket) =>
        audit.RecordAsync(
            actor, AuditActions.TicketStep, ticket.Ticket.Id,
            command.Target is { } target ? $"{action} → {ticket.Ticket.Status}, to {target}" : $"{action} → {ticket.Ticket.Status}");

    /// <summary>An evaluation (回访): <c>Evaluate unsatisfied (phone) → Dispatched</c> when it reopened the case.</summary>
    public static Task RecordTicketEvaluationAsync(this AuditLog audit, AuditActor actor, TicketEvaluationCommand command, TicketDetails ticket) =>
        audit.RecordAsync(
            actor, AuditActions.TicketStep, ticket.Ticket.Id,
            $"Evaluate {KebabCase.Of(command.Satisfaction)} ({KebabCase.Of(command.Channel)}) → {ticket.Ticket.Status}");

    public static Task RecordUserAddedAsync(this AuditLog audit, AuditActor actor, string userName, string role, string scope, string apiScopes = "") =>
        audit.RecordAsync(actor, AuditActions.UserAdded, userName, RoleText(role, scope, apiScopes));

    /// <summary>The detail reads old → new, e.g. <c>operator, city → operator, district/640104</c>.</summary>
    public static Task RecordUserRoleChangedAsync(
        this AuditLog audit, AuditActor actor, string userName, (string Role, string Scope, string ApiScopes) before, (string Role, string Scope, string ApiScopes) after) =>
        audit.RecordAsync(
            actor, AuditActions.UserRoleChanged, userName,
            $"{RoleText(before.Role, before.Scope, before.ApiScopes)} → {RoleText(after.Role, after.Scope, after.ApiScopes)}");

    private static string RoleText(string role, string scope, string apiScopes) =>
        apiScopes.Length > 0 ? $"{role}, {scope}, API scopes {apiScopes}" : $"{role}, {scope}";
}
