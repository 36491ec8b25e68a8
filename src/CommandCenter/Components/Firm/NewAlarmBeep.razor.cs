using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Firm;

/// <summary>
/// Beeps when a new alarm arrives, unless muted (remembered per browser). Browsers start audio
/// only after a click on the page, so the toggle's click also unlocks the sound.
/// </summary>
public sealed partial class NewAlarmBeep(IJSRuntime js) : ComponentBase, IAsyncDisposable
{
    private IJSObjectReference? _module;
    private bool _muted;
    private int _beeps;

    /// <summary>Signals one new alarm; <c>data-beeps</c> counts them, muted or not.</summary>
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
        if (firstRender)
        {
            _module = await js.InvokeAsync<IJSObjectReference>("import", "./Components/Firm/NewAlarmBeep.razor.js");
            _muted = await _module.InvokeAsync<bool>("isMuted");
            StateHasChanged();
        }
    }

    private async Task ToggleAsync()
    {
        _muted = !_muted;
        if (_module is not null)
        {
            await _module.InvokeVoidAsync("setMuted", _muted);
            if (!_muted)
            {
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
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the browser with it.
        }
    }
}
