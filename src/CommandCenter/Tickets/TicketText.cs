using CommandCenter.Grains.Abstractions;
using CommandCenter.Localization;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>
/// The texts of work orders (<c>TicketText.resx</c>, <c>TicketText.zh-CN.resx</c>): refusals of the ticket and
/// Open311 APIs and the desk, the problems a ticket grain reports by code, and the notices on a ticket's trail.
/// </summary>
public sealed class TicketText;

/// <summary>Work orders as people read them: what ticket grains report and keep as codes, in the current UI culture.</summary>
public static class TicketTexts
{
    /// <summary>Why the ticket refused, in one sentence naming the ticket.</summary>
    public static string Refusal(this IStringLocalizer<TicketText> text, TicketException refusal) => refusal switch
    {
        TicketNotFoundException => text["NoSuchTicket", refusal.TicketId],
        TicketTransitionException { Status: { } status } moved => text[
            "ActionNotAllowed", moved.TicketId, KebabCase.Of(status), KebabCase.Of(moved.Action),
            moved.AllowedActions.IsEmpty ? text["NoActions"] : string.Join(", ", moved.AllowedActions.Select(KebabCase.Of))],
        TicketValidationException invalid when invalid.TicketId.Length == 0 => text["ReportRefused", string.Join(" ", text.Problems(invalid))],
        TicketValidationException invalid => text["TicketRefused", invalid.TicketId, string.Join(" ", text.Problems(invalid))],
        _ => refusal.Message,
    };

    /// <summary>Each problem of a refused report or step, one sentence each.</summary>
    public static IReadOnlyList<string> Problems(this IStringLocalizer<TicketText> text, TicketValidationException invalid) =>
        [.. invalid.Errors.Select(text.Render)];

    /// <summary>满意, 基本满意, 不满意 in the current UI culture.</summary>
    public static string Name(this IStringLocalizer<TicketText> text, TicketSatisfaction satisfaction) => text[$"Satisfaction.{KebabCase.Of(satisfaction)}"];

    /// <summary>The comment of a trail entry: what the person wrote, or the system's notice.</summary>
    public static string? CommentOf(this IStringLocalizer<TicketText> text, TicketAuditEntry entry) =>
        entry.Notice is { } notice ? text.Render(notice) : entry.Comment;

    /// <summary>The ticket with its trail's notices rendered into their comments, as the API answers it.</summary>
    public static TicketDetails Localized(this IStringLocalizer<TicketText> text, TicketDetails details) => details with
    {
        Audit = [.. details.Audit.Select(entry => entry.Notice is null ? entry : entry with { Comment = text.CommentOf(entry) })],
    };
}
