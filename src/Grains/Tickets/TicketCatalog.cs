using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Tickets;

/// <summary>A configured category: its names, classification and time limits.</summary>
public sealed record TicketCategory(
    string Code,
    string NameZh,
    string NameEn,
    TicketCategoryKind Kind,
    string Group,
    TimeLimit TimeLimit,
    TimeLimit FilingLimit);

/// <summary>The validated ticket rules: categories by code, the working calendar and the step limits.</summary>
public sealed class TicketCatalog
{
    private readonly Dictionary<string, TicketCategory> _byCode;

    public TicketCatalog(IOptions<TicketOptions> options)
    {
        var value = options.Value;
        Calendar = WorkingCalendar.From(value.Calendar);
        DispatchLimit = TimeLimit.Parse(value.DispatchLimit);
        ClosureLimit = TimeLimit.Parse(value.ClosureLimit);
        ReworkWindow = value.ReworkWindow;
        Categories = [.. value.Categories.Select(c => new TicketCategory(
            c.Code,
            c.NameZh,
            c.NameEn,
            KebabCase.TryParse<TicketCategoryKind>(c.Kind, out var kind) ? kind : throw new FormatException($"category kind '{c.Kind}'"),
            c.Group,
            TimeLimit.Parse(c.TimeLimit),
            TimeLimit.Parse(c.FilingLimit)))];
        _byCode = Categories.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
    }

    public WorkingCalendar Calendar { get; }

    /// <summary>In configured order.</summary>
    public IReadOnlyList<TicketCategory> Categories { get; }

    public TimeLimit DispatchLimit { get; }

    public TimeLimit ClosureLimit { get; }

    /// <summary>How long after closure an unsatisfied evaluation may reopen a case.</summary>
    public TimeSpan ReworkWindow { get; }

    public TicketCategory? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var category) ? category : null;
}
