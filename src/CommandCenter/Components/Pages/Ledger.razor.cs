using CommandCenter.Auth;
using CommandCenter.Elevators;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Components.Pages;

/// <summary>
/// An elevator's ledger (一梯一档): the same <see cref="ElevatorLedger"/> the API answers, rendered with its data on
/// the server. The page's policy lets in who may read ledgers at all; the elevator must then be in the user's scope,
/// as <see cref="ElevatorEndpoints.RefusalOf"/> decides for the API.
/// </summary>
public sealed partial class Ledger : ComponentBase
{
    private ElevatorLedger? _ledger;
    private string? _problem;
    private DateTimeOffset _now;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    [Parameter]
    public string Id { get; set; } = "";

    [Inject]
    private ElevatorQueries Elevators { get; set; } = default!;

    [Inject]
    private ElevatorLedgers Ledgers { get; set; } = default!;

    [Inject]
    private UserScopes Scopes { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Inject]
    private IOptions<CityOptions> City { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        _zone = City.Value.FindTimeZone();
        _now = Time.GetUtcNow();
        var user = (await Authentication).User;
        _ledger = null;
        _problem = !Elevators.IsKnown(Id) ? Text["Ledger.Unknown", Id].Value
            : !Scopes.SeesElevator(user, Id) ? Text["Ledger.OutOfScope", Id].Value
            : null;
        if (_problem is null)
        {
            _ledger = await Ledgers.ReadAsync(Id, user);
        }
    }
}
