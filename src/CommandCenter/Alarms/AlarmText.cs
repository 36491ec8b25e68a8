using CommandCenter.Grains.Abstractions;
using CommandCenter.Localization;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Alarms;

/// <summary>
/// The texts of alarms (<c>AlarmText.resx</c>, <c>AlarmText.zh-CN.resx</c>): fault names (<c>Fault.11</c>),
/// why a firm was dispatched, and the refusals of the alarm API and the firm console.
/// </summary>
public sealed class AlarmText;

/// <summary>Alarms as people read them: what grains keep as codes, rendered in the current UI culture.</summary>
public static class AlarmTexts
{
    /// <summary>The fault's name; a code the product has no name for keeps the description the alarm was opened with.</summary>
    public static string FaultName(this IStringLocalizer<AlarmText> text, AlarmSnapshot alarm) =>
        text[$"Fault.{alarm.Code}"] is { ResourceNotFound: false } name ? name : alarm.Description;

    /// <summary>Why the firm was dispatched; a dispatch saved before reasons had codes keeps its English reason.</summary>
    public static string ReasonOf(this IStringLocalizer<AlarmText> text, AlarmDispatch dispatch) =>
        dispatch.ReasonCode is { } code ? text.Render(code) : dispatch.Reason;

    /// <summary>The alarm with its description and dispatch reasons in the current UI culture, as the API answers it.</summary>
    public static AlarmSnapshot Localized(this IStringLocalizer<AlarmText> text, AlarmSnapshot alarm) => alarm with
    {
        Description = text.FaultName(alarm),
        Dispatches = [.. alarm.Dispatches.Select(dispatch => dispatch with { Reason = text.ReasonOf(dispatch) })],
    };
}
