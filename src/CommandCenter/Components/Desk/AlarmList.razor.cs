using CommandCenter.Components.Firm;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Desk;

/// <summary>Every firm's open alarms, most urgent first, then the recently closed ones; live.</summary>
public sealed partial class AlarmList : LiveComponentBase
{
    private const int RecentKept = 30;

    private readonly AlarmBoard _board = new(_ => true, RecentKept);

    [Inject]
    private LiveFeed Feed { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive)
        {
            Own(Feed.Subscribe(change => change.Alarm is { } alarm ? OnRendererAsync(() => ApplyAsync(alarm)) : Task.CompletedTask));
            TickWhile(() => _board.OpenCount > 0);
        }

        _board.Load(await Grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: false));
    }

    private Task ApplyAsync(AlarmSnapshot alarm)
    {
        _board.Apply(alarm);
        StateHasChanged();
        return Task.CompletedTask;
    }
}
