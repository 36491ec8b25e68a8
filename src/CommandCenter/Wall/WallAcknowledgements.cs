using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Wall;

/// <summary>Silences a critical alarm's pop-up on the walls of an area, as a wall screen or an operator at the desk does.</summary>
public interface IWallAcknowledgements
{
    /// <summary>
    /// Acknowledges <paramref name="alarmId"/> for the walls of <paramref name="areaKey"/> and the areas
    /// inside it, as the signed-in <paramref name="user"/>; answers the alarm as it now is.
    /// </summary>
    Task<AlarmSnapshot> AcknowledgeAsync(string alarmId, string areaKey, ClaimsPrincipal user);
}

/// <summary>
/// The alarm grain keeps the acknowledgement (area, account, screen name, time), so it reaches every
/// wall through the live feed and survives reloads and restarts; the audit log records who gave it.
/// One per circuit, like the <see cref="ConsoleAudit"/> whose address it records.
/// </summary>
public sealed class WallAcknowledgements(IGrainFactory grains, ConsoleAudit audit) : IWallAcknowledgements
{
    public async Task<AlarmSnapshot> AcknowledgeAsync(string alarmId, string areaKey, ClaimsPrincipal user)
    {
        var screen = user.FindFirst(WallPairingEndpoints.ScreenClaim)?.Value;
        var alarm = await grains.GetGrain<IAlarmGrain>(alarmId).AcknowledgeOnWallsAsync(areaKey, user.Identity!.Name!, screen);
        await audit.Log.RecordAsync(audit.ActorOf(user), AuditActions.WallAcknowledged, alarmId, screen is null ? areaKey : $"{areaKey}, screen '{screen}'");
        return alarm;
    }
}
