using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Components.Authorization;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Wall;

/// <summary>
/// A modal for each new critical alarm (a trapped passenger), oldest first, until staff acknowledge
/// it. Acknowledging is local to this screen and remembered in the browser, so a reload does not
/// raise it again: it records that staff saw it, and changes nothing about the alarm, whose response,
/// arrival and closing belong to the maintenance firm (<c>IAlarmGrain.ActAsync</c> from its console).
/// It is the one thing a wall account does, and the audit log records it with the screen's name.
/// </summary>
public sealed partial class CriticalAlarmPopup : WallComponentBase
{
    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private ConsoleAudit Audit { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Alarms | WallTopics.Clock;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            var module = await ModuleAsync();
            State.LoadAcknowledged(await module.InvokeAsync<string[]>("loadAcknowledged"));
        }
    }

    private async Task AcknowledgeAsync(string alarmId)
    {
        State.Acknowledge(alarmId);
        var module = await ModuleAsync();
        await module.InvokeVoidAsync("saveAcknowledged", State.Acknowledged);
        var user = (await Authentication).User;
        var screen = user.FindFirst(WallPairingEndpoints.ScreenClaim)?.Value;
        await Audit.Log.RecordAsync(Audit.ActorOf(user), AuditActions.WallAcknowledged, alarmId, screen is null ? null : $"screen '{screen}'");
    }
}
