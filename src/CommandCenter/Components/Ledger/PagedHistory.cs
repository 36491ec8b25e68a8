using CommandCenter.Elevators;
using CommandCenter.Elevators.History;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Ledger;

/// <summary>A history on the ledger: it starts from the page read with the ledger and reads the others on demand.</summary>
public abstract class PagedHistory<T> : ComponentBase
{
    [Parameter, EditorRequired]
    public string ElevatorId { get; set; } = "";

    /// <summary>The first page, read with the ledger (already as this reader may see it).</summary>
    [Parameter, EditorRequired]
    public HistoryPage<T> First { get; set; } = default!;

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    [Inject]
    protected ElevatorLedgers Ledgers { get; set; } = default!;

    /// <summary>The page shown.</summary>
    protected HistoryPage<T> Shown { get; set; } = default!;

    protected override void OnParametersSet() => Shown = First;
}
