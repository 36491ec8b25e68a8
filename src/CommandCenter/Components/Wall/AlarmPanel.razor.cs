using CommandCenter.Grains.City;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Wall;

/// <summary>
/// Open elevator alarms, critical first: how long each has run and the firm's arrival clock, red once
/// a firm missed it, with the re-dispatch to the next firm and the district escalation.
/// </summary>
public sealed partial class AlarmPanel : WallComponentBase
{
    [Parameter]
    public int MaxRows { get; set; } = 8;

    [Inject]
    private CityDirectory City { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Alarms | WallTopics.Clock;
}
