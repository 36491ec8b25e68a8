using System.Security.Claims;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Assessment;

/// <summary>
/// What a user's assessment figures cover: an area of the tree (city, district, street, community, grid), a department's
/// work orders, or a firm's alarms. Scopes that have no figures (units, admins, walls' API) give none.
/// </summary>
public sealed record AssessmentScope(ScopeKind Kind, string Key, string Name)
{
    public bool IsArea => Kind is ScopeKind.City or ScopeKind.District or ScopeKind.Street or ScopeKind.Community or ScopeKind.Grid;

    public string? DepartmentId => Kind == ScopeKind.Department ? Key[(Key.IndexOf('/') + 1)..] : null;

    public string? FirmId => Kind == ScopeKind.Firm ? Key[(Key.IndexOf('/') + 1)..] : null;

    /// <summary>The user's scope as assessment sees it, or null when the role has no figures to read.</summary>
    public static AssessmentScope? Of(ClaimsPrincipal user, CityDirectory city)
    {
        if (user.ScopeOf() is not { } scope || user.RoleOf() is Roles.Admin or Roles.Unit or Roles.Integration)
        {
            return null;
        }

        return scope.Kind switch
        {
            ScopeKind.Firm => city.Topology.Firms.FirstOrDefault(f => f.Id == scope.Id) is { } firm ? new(ScopeKind.Firm, scope.ToString(), firm.Name) : null,
            ScopeKind.Department => city.FindDepartment(scope.Id) is { } department ? new(ScopeKind.Department, scope.ToString(), department.Name) : null,
            ScopeKind.Unit => null,
            _ => city.FindArea(scope.AreaKey!) is { } area ? new(scope.Kind, area.Key, area.Name) : null,
        };
    }

    /// <summary>The whole city.</summary>
    public static AssessmentScope CityOf(CityDirectory city) => new(ScopeKind.City, AreaKeys.City, city.Topology.Name);
}
