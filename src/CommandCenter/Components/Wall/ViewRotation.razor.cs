using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Moves an unattended wall to the next view every <see cref="Period"/> (overview → map → alarms →
/// trends → overview), counting down on screen. Choosing a view by hand starts the period afresh.
/// </summary>
public sealed partial class ViewRotation : WallComponentBase
{
    private DateTimeOffset _nextAt;
    private WallView? _counting;

    [Parameter, EditorRequired]
    public TimeSpan Period { get; set; }

    [Parameter]
    public WallView Current { get; set; }

    /// <summary>Called with the view to show next.</summary>
    [Parameter]
    public EventCallback<WallView> OnRotate { get; set; }

    protected override WallTopics Topics => WallTopics.Clock;

    private int SecondsLeft => (int)Math.Ceiling(Math.Max(0, (_nextAt - State.Now).TotalSeconds));

    protected override void OnParametersSet()
    {
        if (_counting != Current)
        {
            _counting = Current;
            _nextAt = State.Now + Period;
        }
    }

    protected override async Task OnStateChangedAsync()
    {
        if (State.Now >= _nextAt)
        {
            _nextAt = State.Now + Period;
            await OnRotate.InvokeAsync(WallRotation.Next(Current));
        }

        StateHasChanged();
    }
}
