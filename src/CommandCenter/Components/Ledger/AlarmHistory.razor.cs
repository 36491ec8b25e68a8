using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Ledger;

/// <summary>The elevator's closed alarms with their steps and dispatches, newest first, page by page from the history store.</summary>
public sealed partial class AlarmHistory : PagedHistory<AlarmSnapshot>
{
    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    private async Task ShowAsync(int page) =>
        Shown = await Ledgers.ReadClosedAlarmsAsync(ElevatorId, (await Authentication).User, page, First.PageSize);
}
