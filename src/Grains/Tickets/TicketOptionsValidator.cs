using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Tickets;

/// <summary>Checks the calendar, every category and the limits at start-up, reporting every problem at once.</summary>
public sealed class TicketOptionsValidator : IValidateOptions<TicketOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketOptions options)
    {
        var errors = new List<string>();
        ValidateCalendar(options.Calendar, errors);
        ValidateLimit(options.DispatchLimit, $"{TicketOptions.Section}:{nameof(TicketOptions.DispatchLimit)}", errors);
        ValidateLimit(options.ClosureLimit, $"{TicketOptions.Section}:{nameof(TicketOptions.ClosureLimit)}", errors);
        if (options.ClosedKeptInIndex <= TimeSpan.Zero)
        {
            errors.Add($"{TicketOptions.Section}:{nameof(TicketOptions.ClosedKeptInIndex)}: '{options.ClosedKeptInIndex}' must be a positive time span such as 30.00:00:00.");
        }

        if (options.ReworkWindow <= TimeSpan.Zero || options.ReworkWindow > options.ClosedKeptInIndex)
        {
            errors.Add($"{TicketOptions.Section}:{nameof(TicketOptions.ReworkWindow)}: '{options.ReworkWindow}' must be a positive time span such as 7.00:00:00, at most {nameof(TicketOptions.ClosedKeptInIndex)} ('{options.ClosedKeptInIndex}'): a case is evaluated while the index still holds it.");
        }

        for (var i = 0; i < options.Categories.Count; i++)
        {
            ValidateCategory(options.Categories[i], $"{TicketOptions.Section}:{nameof(TicketOptions.Categories)}:{i}", errors);
        }

        errors.AddRange(options.Categories
            .GroupBy(category => category.Code, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Key.Length > 0 && group.Count() > 1)
            .Select(group => $"Category code '{group.Key}' is used {group.Count()} times; codes must be unique."));

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateCalendar(WorkingCalendarOptions calendar, List<string> errors)
    {
        const string Path = $"{TicketOptions.Section}:{nameof(TicketOptions.Calendar)}";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(calendar.TimeZone, out _))
        {
            errors.Add($"{Path}:{nameof(calendar.TimeZone)}: unknown time zone '{calendar.TimeZone}'.");
        }

        if (calendar.WorkingDays.Count == 0)
        {
            errors.Add($"{Path}:{nameof(calendar.WorkingDays)}: at least one working weekday is needed.");
        }

        var periods = new List<WorkingPeriod>();
        foreach (var text in calendar.WorkingHours)
        {
            if (WorkingPeriod.TryParse(text, out var period))
            {
                periods.Add(period);
            }
            else
            {
                errors.Add($"{Path}:{nameof(calendar.WorkingHours)}: '{text}' is not a period such as 08:30-12:00 (start before end, up to 24:00).");
            }
        }

        if (calendar.WorkingHours.Count == 0)
        {
            errors.Add($"{Path}:{nameof(calendar.WorkingHours)}: at least one working period is needed.");
        }

        var ordered = periods.OrderBy(period => period.Start).ToList();
        errors.AddRange(ordered.Zip(ordered.Skip(1))
            .Where(pair => pair.Second.Start < pair.First.End)
            .Select(pair => $"{Path}:{nameof(calendar.WorkingHours)}: periods {pair.First} and {pair.Second} overlap."));

        errors.AddRange(calendar.Holidays.Intersect(calendar.MakeUpWorkingDays)
            .Select(date => $"{Path}: {date:yyyy-MM-dd} is both a holiday and a make-up working day."));
    }

    private static void ValidateCategory(TicketCategoryOptions category, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(category.Code) || category.Code.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            errors.Add($"{path}:{nameof(category.Code)}: '{category.Code}' must be non-empty, without spaces or '/'.");
        }

        if (string.IsNullOrWhiteSpace(category.NameZh) || string.IsNullOrWhiteSpace(category.NameEn))
        {
            errors.Add($"{path} ('{category.Code}'): both {nameof(category.NameZh)} and {nameof(category.NameEn)} are needed.");
        }

        if (!KebabCase.TryParse<TicketCategoryKind>(category.Kind, out _))
        {
            errors.Add($"{path}:{nameof(category.Kind)} ('{category.Code}'): '{category.Kind}' is not one of {KebabCase.Names<TicketCategoryKind>()}.");
        }

        if (string.IsNullOrWhiteSpace(category.Group))
        {
            errors.Add($"{path}:{nameof(category.Group)} ('{category.Code}'): a classification group is needed.");
        }

        ValidateLimit(category.TimeLimit, $"{path}:{nameof(category.TimeLimit)} ('{category.Code}')", errors);
        ValidateLimit(category.FilingLimit, $"{path}:{nameof(category.FilingLimit)} ('{category.Code}')", errors);
    }

    private static void ValidateLimit(string text, string path, List<string> errors)
    {
        if (!TimeLimit.TryParse(text, out _))
        {
            errors.Add($"{path}: '{text}' is not a positive time limit such as 2wh, 1wd, 0.5wh or 7wd+3.5wh.");
        }
    }
}
