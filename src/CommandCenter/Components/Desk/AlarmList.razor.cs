using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Desk;

/// <summary>
/// The open alarms in the operator's scope (a district operator: their district's elevators, as
/// <c>GET /api/alarms</c> lists them), most urgent first, then the recently closed ones; live. A critical
/// alarm's wall pop-up can be silenced here for the walls of the operator's area, as a wall screen does,
/// and each alarm opens onto who it reached outside the consoles (<see cref="AlarmDeliveries"/>).
/// </summary>
public sealed partial class AlarmList : LiveComponentBase
{
    private const int RecentKept = 30;

    private readonly AlarmBoard _board;
    private ClaimsPrincipal _user = new();
    private string? _areaKey;
    private string? _shown;

    public AlarmList() => _board = new(alarm => Scopes.Sees(_user, alarm), RecentKept);

    [Inject]
    private UserScopes Scopes { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [Inject]
    private LiveFeed Feed { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private IWallAcknowledgements WallAcknowledgements { get; set; } = default!;

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _user = (await Authentication).User;
        // An operator silences the pop-up on the walls of their own area (the city's for city-wide operators).
        _areaKey = _user.ScopeOf()?.AreaKey;
        if (RendererInfo.IsInteractive)
        {
            Own(Feed.Subscribe(change => change.Alarm is { } alarm ? OnRendererAsync(() => ApplyAsync(alarm)) : Task.CompletedTask));
            TickWhile(() => _board.OpenCount > 0);
        }

        _board.Load(await Grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: false));
    }

    private async Task AcknowledgeAsync(string alarmId) =>
        await ApplyAsync(await WallAcknowledgements.AcknowledgeAsync(alarmId, _areaKey!, _user));

    private Task ApplyAsync(AlarmSnapshot alarm)
    {
        _board.Apply(alarm);
        StateHasChanged();
        return Task.CompletedTask;
    }
}
