using System.Globalization;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Tickets;

/// <summary>The day of the last number handed out and its sequence.</summary>
[GenerateSerializer]
public sealed class TicketNumberState
{
    /// <summary>The local day of the last number, <c>yyyyMMdd</c>.</summary>
    [Id(0)]
    public string Day { get; set; } = "";

    [Id(1)]
    public int Last { get; set; }
}

/// <summary>One sequence per local day; the counter is written before the number is handed out, so a restart never repeats one.</summary>
public sealed class TicketNumberGrain(
    [PersistentState("ticketNumbers", StorageNames.Grains)] IPersistentState<TicketNumberState> state,
    TicketCatalog catalog,
    CityClock time) : Grain, ITicketNumberGrain
{
    public async Task<string> NextIdAsync()
    {
        var day = catalog.Calendar.DateOf(time.GetUtcNow()).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        state.State.Last = state.State.Day == day ? state.State.Last + 1 : 1;
        state.State.Day = day;
        await state.WriteStateAsync();
        return $"WO-{day}-{state.State.Last:D6}";
    }
}
