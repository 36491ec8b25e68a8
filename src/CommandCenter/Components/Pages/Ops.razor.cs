using CommandCenter.Retention;
using CommandCenter.Auth;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.City;
using CommandCenter.Ops;
using CommandCenter.Photos;
using CommandCenter.TelemetryIngest.DeadLetters;
using CommandCenter.TelemetryIngest.Validation;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The operations page for city operators and admins: ingest rates, rejects by reason and the newest dead
/// letters (filtered by reason and device), the spool and InfluxDB, the broker, the silos and their load,
/// failed notification deliveries and the data folder's disk use. Prerendered with its figures, then read
/// again every <see cref="OpsOptions.RefreshInterval"/> from the process's shared read (<see cref="OpsDataService"/>).
/// </summary>
public sealed partial class Ops : ConsolePageBase
{
    private bool _allowed;
    private OpsSnapshot? _snapshot;
    private IReadOnlyList<DeadLetter> _letters = [];
    private RejectReason? _reason;
    private string? _device;

    [Inject]
    private OpsDataService Data { get; set; } = default!;

    [Inject]
    private RetentionStatus Retention { get; set; } = default!;

    [Inject]
    private PhotoStore Photos { get; set; } = default!;

    /// <summary>The photo store against its quota (<c>Photos:QuotaBytes</c>), which may lie outside the data folder.</summary>
    private PhotoUsage PhotoUsage => Photos.Usage;

    protected override async Task OnInitializedAsync()
    {
        // Checked here as well as by the page's policy: navigation inside a circuit skips the HTTP pipeline.
        _allowed = (await Authentication).User.KeepsTheSystem();
        if (!_allowed)
        {
            return;
        }

        if (RendererInfo.IsInteractive)
        {
            Every(Data.RefreshInterval, RefreshAsync);
        }

        await LoadAsync();
    }

    private async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        _snapshot = await Data.GetAsync(CancellationToken.None);
        _letters = _reason is null && _device is null ? _snapshot.NewestDeadLetters : Data.DeadLetters(_reason, _device);
    }

    private Task FilterAsync((RejectReason? Reason, string? Device) filter)
    {
        (_reason, _device) = filter;
        return LoadAsync();
    }
}
