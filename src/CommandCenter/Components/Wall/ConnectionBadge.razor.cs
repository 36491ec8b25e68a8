using CommandCenter.Grains.City;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Always visible, kiosk mode too: the city's local time; the connection to the server from Blazor's
/// reconnect events (connected, reconnecting, or no response when the server stops ticking though the
/// socket looks open), reloading the page when a restarted server no longer knows this screen; and
/// whether data is live or stale (nothing new for <see cref="WallState.StaleAfter"/>).
/// </summary>
public sealed partial class ConnectionBadge : WallComponentBase
{
    /// <summary>Ticks arrive every second; this long without one means the server is not reaching the screen.</summary>
    public static readonly TimeSpan NoResponseAfter = TimeSpan.FromSeconds(5);

    private ElementReference _circuit;
    private ElementReference _feed;
    private IJSObjectReference? _badge;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    [Inject]
    private IOptions<CityOptions> CityOptions { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Clock;

    private DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(State.Now, _zone);

    protected override void OnInitialized()
    {
        base.OnInitialized();
        _zone = CityOptions.Value.FindTimeZone();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The circuit keeps the language it started with: the labels are passed once.
        if (firstRender && RendererInfo.IsInteractive)
        {
            var module = await ModuleAsync();
            _badge = await module.InvokeAsync<IJSObjectReference>("attach", _circuit, _feed, Labels(), NoResponseAfter.TotalMilliseconds);
        }
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        if (_badge is not null)
        {
            await _badge.InvokeVoidAsync("detach");
            await _badge.DisposeAsync();
        }
    }

    private object Labels() => new
    {
        connected = Text["Connected"].Value,
        reconnecting = Text["Reconnecting"].Value,
        disconnected = Text["Disconnected"].Value,
        silent = Text["NoResponse"].Value,
    };
}
