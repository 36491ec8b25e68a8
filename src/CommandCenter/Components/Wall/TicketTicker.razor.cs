using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Tickets;
using CommandCenter.Tickets;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>One overdue work order as the ticker words it.</summary>
public sealed record TickerItem(TicketSummary Ticket, string Category, string Area, TimeSpan Late);

/// <summary>
/// The overdue work orders scrolling along the bottom edge, highest supervision level first (urgent,
/// red card, yellow card), each with its category, the area answering for it and how long it is late.
/// </summary>
public sealed partial class TicketTicker : WallComponentBase
{
    private const int SecondsPerItem = 6;
    private const int MinimumLoopSeconds = 30;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private TicketCatalog Catalog { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Tickets | WallTopics.Clock;

    // Lateness is shown to the minute: a tick a second would only redraw the same words.
    protected override TimeSpan? UpdateInterval => TimeSpan.FromSeconds(5);

    public IEnumerable<TickerItem> Items()
    {
        var now = State.Now;
        return State.OverdueTickets.Items
            .OrderByDescending(t => t.Level)
            .ThenBy(t => t.DeadlineAt)
            .Select(t => new TickerItem(t, Catalog.CategoryName(t.Category), AreaName(t), t.DeadlineAt is { } due && now > due ? now - due : TimeSpan.Zero));
    }

    private string AreaName(TicketSummary ticket) =>
        (ticket.Responsible ?? ticket.Target) is { } area ? City.FindArea(area.Key)?.Name ?? area.Id : Text["WholeCity"];
}
