using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Auth;

/// <summary>The kinds of scope, written as the first part of a scope (<c>district/640104</c>).</summary>
public enum ScopeKind
{
    City,
    District,
    Street,
    Community,
    Grid,
    Firm,
    Unit,
    Department,
}

/// <summary>
/// Where a user's role applies: <c>city</c>, or a kind and an id (<c>district/640104</c>,
/// <c>firm/FIRM-001</c>). Area scopes are the rollup tree's area keys, so "inside my scope" is a walk
/// up the tree from the area in question.
/// </summary>
public readonly record struct UserScope(ScopeKind Kind, string Id)
{
    public static readonly UserScope City = new(ScopeKind.City, "");

    /// <summary>Which scope kinds each role may have.</summary>
    private static readonly Dictionary<string, ScopeKind[]> KindsByRole = new()
    {
        [Roles.Admin] = [ScopeKind.City],
        [Roles.Operator] = [ScopeKind.City, ScopeKind.District],
        [Roles.Street] = [ScopeKind.Street],
        [Roles.Community] = [ScopeKind.Community],
        [Roles.Department] = [ScopeKind.Department],
        [Roles.GridWorker] = [ScopeKind.Grid],
        [Roles.Firm] = [ScopeKind.Firm],
        [Roles.Unit] = [ScopeKind.Unit],
        [Roles.Wall] = [ScopeKind.City, ScopeKind.District, ScopeKind.Street, ScopeKind.Community, ScopeKind.Grid],
        [Roles.Integration] = [ScopeKind.City],
    };

    private static readonly Dictionary<string, ScopeKind> KindsByPrefix =
        Enum.GetValues<ScopeKind>().Where(k => k != ScopeKind.City).ToDictionary(k => k.ToString().ToLowerInvariant(), StringComparer.Ordinal);

    public bool IsArea => Kind is ScopeKind.City or ScopeKind.District or ScopeKind.Street or ScopeKind.Community or ScopeKind.Grid;

    /// <summary>The rollup tree's key of an area scope (<see cref="AreaKeys"/>); null for firm, unit and department scopes.</summary>
    public string? AreaKey => Kind == ScopeKind.City ? AreaKeys.City : IsArea ? ToString() : null;

    public override string ToString() => Kind == ScopeKind.City ? "city" : $"{Kind.ToString().ToLowerInvariant()}/{Id}";

    public static bool TryParse(string? text, out UserScope scope)
    {
        scope = default;
        if (text == "city")
        {
            scope = City;
            return true;
        }

        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (slash <= 0 || slash == text!.Length - 1 || !KindsByPrefix.TryGetValue(text[..slash], out var kind))
        {
            return false;
        }

        scope = new UserScope(kind, text[(slash + 1)..]);
        return true;
    }

    /// <summary>Why a role cannot have this scope text in this city, in the current UI culture; null when it can.</summary>
    public static string? ProblemOf(string role, string? text, CityDirectory city, IStringLocalizer<UserText> problems)
    {
        if (!KindsByRole.TryGetValue(role, out var kinds))
        {
            return problems["UnknownRole", role, string.Join(", ", Roles.All)];
        }

        var allowed = string.Join(" or ", kinds.Select(k => k == ScopeKind.City ? "city" : $"{k.ToString().ToLowerInvariant()}/<id>"));
        if (!TryParse(text, out var scope) || !kinds.Contains(scope.Kind))
        {
            return problems["ScopeDoesNotFit", text ?? "", role, allowed];
        }

        var known = scope.Kind switch
        {
            ScopeKind.City => true,
            ScopeKind.Firm => city.Topology.Firms.Any(f => f.Id == scope.Id),
            ScopeKind.Unit => city.HasUnit(scope.Id),
            ScopeKind.Department => city.FindDepartment(scope.Id) is not null,
            _ => city.FindArea(scope.AreaKey!) is not null,
        };
        return known ? null : problems["ScopeNotInCity", text!, scope.Kind.ToString().ToLowerInvariant(), scope.Id].Value;
    }
}
