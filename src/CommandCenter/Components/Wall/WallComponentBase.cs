using CommandCenter.Live;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Wall;

/// <summary>
/// A panel of the wall: it reads the screen's <see cref="WallState"/> and re-renders when the topics
/// it shows change (coalesced by the state; alarms at once). Only an interactive render subscribes;
/// the prerender shows the snapshot as it was. Its texts come from <see cref="WallStrings"/>.
/// </summary>
public abstract class WallComponentBase : ComponentBase, IAsyncDisposable
{
    private IDisposable? _subscription;
    private IJSObjectReference? _module;

    [CascadingParameter]
    public WallState State { get; set; } = default!;

    /// <summary>The wall's texts in the UI culture the screen's request chose.</summary>
    [Inject]
    protected IStringLocalizer<WallStrings> Text { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    /// <summary>What this component shows.</summary>
    protected abstract WallTopics Topics { get; }

    /// <summary>Least time between two updates; null for the state's default.</summary>
    protected virtual TimeSpan? UpdateInterval => null;

    protected override void OnInitialized()
    {
        if (RendererInfo.IsInteractive)
        {
            _subscription = State.Subscribe(Topics, UpdateAsync, UpdateInterval);
        }
    }

    /// <summary>Brings the component up to date with the state; re-renders unless overridden.</summary>
    protected virtual Task OnStateChangedAsync()
    {
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>The component's collocated module (<c>Components/Wall/{Type}.razor.js</c>), imported once.</summary>
    protected async Task<IJSObjectReference> ModuleAsync() =>
        _module ??= await JS.InvokeAsync<IJSObjectReference>("import", $"./Components/Wall/{GetType().Name}.razor.js");

    /// <summary>Releases what a component holds beyond its subscription and module.</summary>
    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;

    private async Task UpdateAsync()
    {
        try
        {
            await InvokeAsync(OnStateChangedAsync);
        }
        catch (Exception ex) when (ClosedScreen.Explains(ex))
        {
            // The screen went away between the change and the update; the next screen reads afresh.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _subscription?.Dispose();
        try
        {
            await DisposeCoreAsync();
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone and the browser has dropped the module with the page.
        }

        GC.SuppressFinalize(this);
    }
}
