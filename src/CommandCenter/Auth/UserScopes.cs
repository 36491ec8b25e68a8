using System.Security.Claims;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Auth;

/// <summary>
/// The one definition of "inside this user's scope", for reads and writes alike: areas by walking up
/// the rollup tree, elevators by their grid, firm and unit, alarms by their elevator (and, for a
/// firm, by the firm they are dispatched to now), tickets by where they happened, their area path and current target.
/// </summary>
public sealed class UserScopes(CityDirectory city)
{
    /// <summary>
    /// The area a ticket list or its KPIs cover when the user names none: the whole city for city-wide users,
    /// else the user's own area or department.
    /// </summary>
    public static string? ListedTicketAreaOf(ClaimsPrincipal user) => user.ScopeOf() is { Kind: not ScopeKind.City } scope ? scope.ToString() : null;

    /// <summary>The area is the user's area scope or lies under it.</summary>
    public bool Covers(ClaimsPrincipal user, string areaKey)
    {
        if (user.ScopeOf() is not { IsArea: true } scope || city.FindArea(areaKey) is null)
        {
            return false;
        }

        for (var key = areaKey; key is not null; key = city.ParentOf(key))
        {
            if (key == scope.AreaKey)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An elevator the city knows, by its grid (area scopes), firm or unit. One the city does not
    /// know (a registered device outside the city file) is seen by city-wide scopes only.
    /// </summary>
    public bool SeesElevator(ClaimsPrincipal user, string elevatorId)
    {
        if (user.ScopeOf() is not { } scope)
        {
            return false;
        }

        if (city.FindElevator(elevatorId) is not { } place)
        {
            return scope.Kind == ScopeKind.City;
        }

        return scope.Kind switch
        {
            ScopeKind.Firm => place.Firm.Id == scope.Id,
            ScopeKind.Unit => place.Unit.Id == scope.Id,
            ScopeKind.Department => false,
            _ => Covers(user, AreaKeys.Grid(place.Place.Grid.Id)),
        };
    }

    /// <summary>
    /// A user unit's own duty records (月调度): the unit itself, city-wide users, and an area's users when one
    /// of the unit's elevators stands in their area. A firm's duties are per elevator, so never a unit's.
    /// </summary>
    public bool SeesUnit(ClaimsPrincipal user, string unitId) => user.ScopeOf() switch
    {
        { Kind: ScopeKind.City } => true,
        { Kind: ScopeKind.Unit } scope => scope.Id == unitId,
        { IsArea: true } => city.Topology.Elevators.Any(e => e.UserUnitId == unitId && Covers(user, AreaKeys.Grid(e.GridId))),
        _ => false,
    };

    /// <summary>A firm sees the alarms dispatched to it now, whoever maintains the elevator; everyone else by the elevator.</summary>
    public bool Sees(ClaimsPrincipal user, AlarmSnapshot alarm) =>
        user.FirmIdOf() is { } firm ? FirmScope.Sees(firm, alarm) : SeesElevator(user, alarm.ElevatorId);

    /// <summary>
    /// A ticket that happened in one of the user's areas, or whose area path (its target's, or before
    /// dispatch its grid's), target, assisting units, summoned departments or responsible area is the user's area or department. Dispatch moves
    /// the path to the target, often a city department; the area where the case is stays in charge of
    /// supervising and verifying (核查) it. A grid worker may report anywhere in the city and keeps seeing
    /// the cases they reported themselves (<c>POST /api/cases</c>) wherever those are.
    /// </summary>
    public bool Sees(ClaimsPrincipal user, TicketSummary ticket)
    {
        if (user.ScopeOf() is not { } scope)
        {
            return false;
        }

        var key = scope.ToString();
        return scope.Kind == ScopeKind.City
            || (user.RoleOf() == Roles.GridWorker && ticket.Source == TicketSource.GridWorker && ticket.Reporter == user.Identity?.Name)
            || ticket.AreaPath.Any(area => area.Key == key)
            || ticket.Involves(key)
            || ticket.Responsible?.Key == key
            || (ticket.Location.GridId is { } grid && Covers(user, AreaKeys.Grid(grid)));
    }
}
