using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Sound;

/// <summary>How an <see cref="AlertSound"/> sounds.</summary>
public enum AlertSoundMode
{
    /// <summary>A siren repeating while <see cref="AlertSound.Sounding"/> is true (the wall, until a critical alarm is acknowledged).</summary>
    Siren,

    /// <summary>One short beep per <see cref="AlertSound.BeepAsync"/> (the firm console, on each new alarm).</summary>
    Beep,
}

/// <summary>
/// The screens' alert sound (Web Audio, no audio file) with its mute toggle; the choice is kept in the
/// browser, per mode, so muting the firm console does not silence a wall in the same browser. Browsers
/// only start audio after a user gesture unless run with <c>--autoplay-policy=no-user-gesture-required</c>
/// (as a wall's kiosk browser is); the toggle's click also unlocks it.
/// </summary>
public sealed partial class AlertSound(IJSRuntime js) : ComponentBase, IAsyncDisposable
{
    private IJSObjectReference? _module;
    private bool _muted;
    private bool _sirenOn;
    private int _beeps;

    [Parameter]
    public AlertSoundMode Mode { get; set; }

    /// <summary>Siren mode: sounds while true.</summary>
    [Parameter]
    public bool Sounding { get; set; }

    /// <summary>Shows the mute toggle; kiosk walls hide it and still sound.</summary>
    [Parameter]
    public bool ShowToggle { get; set; } = true;

    [Parameter, EditorRequired]
    public string MuteLabel { get; set; } = "";

    [Parameter, EditorRequired]
    public string UnmuteLabel { get; set; } = "";

    private string ModeName => Mode.ToString().ToLowerInvariant();

    /// <summary>Beep mode: signals one new alarm; <c>data-beeps</c> counts them, muted or not.</summary>
    public async Task BeepAsync()
    {
        _beeps++;
        StateHasChanged();
        if (_module is not null && !_muted)
        {
            await _module.InvokeVoidAsync("beep");
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _module = await js.InvokeAsync<IJSObjectReference>("import", "./Components/Sound/AlertSound.razor.js");
            _muted = await _module.InvokeAsync<bool>("isMuted", ModeName);
            StateHasChanged();
        }

        if (_module is not null && Mode == AlertSoundMode.Siren && Sounding != _sirenOn)
        {
            _sirenOn = Sounding;
            await _module.InvokeVoidAsync("setSiren", _sirenOn);
        }
    }

    private async Task ToggleAsync()
    {
        _muted = !_muted;
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("setMuted", ModeName, _muted);
            if (!_muted && Mode == AlertSoundMode.Beep)
            {
                // Lets the user hear what is now switched on.
                await _module.InvokeVoidAsync("beep");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                if (_sirenOn)
                {
                    await _module.InvokeVoidAsync("setSiren", false);
                }

                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the page, with its sound, went with it.
        }
    }
}
