using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Sounds a siren (Web Audio, no audio file) while a critical alarm waits for acknowledgement, and
/// offers the mute toggle; the choice is kept in the browser. Kiosk screens hide the toggle but
/// still sound. Browsers only start audio after a user gesture unless the wall's browser runs with
/// <c>--autoplay-policy=no-user-gesture-required</c>.
/// </summary>
public sealed partial class AlarmSound : WallComponentBase
{
    private bool _muted;
    private bool _ready;

    /// <summary>Shows the mute button; false in kiosk mode.</summary>
    [Parameter]
    public bool ShowToggle { get; set; } = true;

    protected override WallTopics Topics => WallTopics.Alarms;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            var module = await ModuleAsync();
            _muted = await module.InvokeAsync<bool>("isMuted");
            _ready = true;
            await OnStateChangedAsync();
        }
    }

    protected override async Task OnStateChangedAsync()
    {
        if (_ready)
        {
            var module = await ModuleAsync();
            await module.InvokeVoidAsync("setAlarm", State.PendingCritical.Count > 0);
        }

        StateHasChanged();
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        if (_ready)
        {
            var module = await ModuleAsync();
            await module.InvokeVoidAsync("setAlarm", false);
        }
    }

    private async Task ToggleAsync()
    {
        var module = await ModuleAsync();
        _muted = await module.InvokeAsync<bool>("setMuted", !_muted);
    }
}
