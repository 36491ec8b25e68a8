using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Wall;

/// <summary>
/// A modal for each new critical alarm (a trapped passenger), oldest first, until someone acknowledges
/// it for this wall's area (<see cref="IWallAcknowledgements"/>): the acknowledgement is kept on the alarm,
/// so it silences the pop-up on every wall of the area and the areas inside it and survives reloads and
/// restarts; an operator can give it from the desk too. It records that staff saw it and changes nothing
/// about the alarm, whose response, arrival and closing belong to the maintenance firm. It is the one
/// thing a wall account does, and the audit log records it with the screen's name.
/// </summary>
public sealed partial class CriticalAlarmPopup : WallComponentBase
{
    [Inject]
    private CityDirectory City { get; set; } = default!;

    [Inject]
    private IWallAcknowledgements Acknowledgements { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    protected override WallTopics Topics => WallTopics.Alarms | WallTopics.Clock;

    private async Task AcknowledgeAsync(string alarmId)
    {
        var acknowledged = await Acknowledgements.AcknowledgeAsync(alarmId, State.Scope.AreaKey, (await Authentication).User);
        // The change reaches every wall through the live feed; this one need not wait for it.
        State.Apply(LiveChange.Of(acknowledged));
    }
}
