using System.Collections.Frozen;
using System.Security.Claims;
using CommandCenter.Alarms;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Auth;

/// <summary>What a firm console starts from: the firm's reported elevators and the open alarms dispatched to it.</summary>
public sealed record FirmSnapshot(string FirmId, string FirmName, IReadOnlyList<ElevatorSnapshot> Elevators, IReadOnlyList<AlarmSnapshot> Alarms);

/// <summary>Which firm a caller may watch, or why none.</summary>
public sealed record FirmAccess(MaintenanceFirm? Firm, string? Problem)
{
    public static FirmAccess Denied(string problem) => new(null, problem);
}

/// <summary>
/// The one definition of what a maintenance firm may see — the elevators it maintains (city
/// topology) and the alarms currently dispatched to it — and of who may watch which firm. The hub
/// and the firm console both go through here, so a firm's data never leaks by one path only.
/// </summary>
public sealed class FirmScope
{
    private readonly CityDirectory _city;
    private readonly IGrainFactory _grains;
    private readonly IStringLocalizer<AlarmText> _text;

    /// <summary>The city's firms and each firm's elevators, worked out again after a city import.</summary>
    private readonly CityDerived<FirmIndex> _index;

    public FirmScope(CityDirectory city, IGrainFactory grains, IStringLocalizer<AlarmText> text)
    {
        _city = city;
        _grains = grains;
        _text = text;
        _index = new CityDerived<FirmIndex>(city, FirmIndex.Of);
    }

    public IReadOnlyCollection<MaintenanceFirm> Firms => _index.Value.Firms.Values;

    /// <summary>
    /// Firm users get their own firm, and only when they ask for it or for none; city-wide operators
    /// get the firm they name. A district operator gets none: a firm's elevators and alarms span
    /// districts, and the district's own are on its area screen. Anonymous callers and anyone else get
    /// a reason why not, in the caller's UI culture.
    /// </summary>
    public FirmAccess Authorize(ClaimsPrincipal? user, string? requestedFirmId)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return FirmAccess.Denied(_text["FirmAccess.SignIn"]);
        }

        if (user.IsFirmUser())
        {
            var own = user.FirmIdOf();
            if (requestedFirmId is not null && requestedFirmId != own)
            {
                return FirmAccess.Denied(_text["FirmAccess.OtherFirm", user.Identity.Name ?? "", own ?? "", requestedFirmId]);
            }

            return Find(own);
        }

        if (user.IsCityOperator())
        {
            return requestedFirmId is null ? FirmAccess.Denied(_text["FirmAccess.NameTheFirm"]) : Find(requestedFirmId);
        }

        if (user.IsOperator())
        {
            return FirmAccess.Denied(_text["FirmAccess.DistrictOperator", user.Identity.Name ?? "", user.ScopeOf()?.ToString() ?? ""]);
        }

        return FirmAccess.Denied(_text["FirmAccess.NoConsoleRole", user.Identity.Name ?? ""]);
    }

    /// <summary>Ids of the elevators the firm maintains.</summary>
    public IReadOnlySet<string> ElevatorIdsOf(string firmId) => _index.Value.ElevatorsByFirm.GetValueOrDefault(firmId) ?? FrozenSet<string>.Empty;

    /// <summary>The firm's elevators as the city knows them (address, unit, grid), in id order; one retired a moment ago is left out.</summary>
    public IReadOnlyList<ElevatorPlace> ElevatorsOf(string firmId) =>
        [.. ElevatorIdsOf(firmId).Order(StringComparer.Ordinal).Select(_city.FindElevator).OfType<ElevatorPlace>()];

    /// <summary>The firm is answerable for an alarm while the alarm's newest dispatch is to it.</summary>
    public static bool Sees(string firmId, AlarmSnapshot alarm) => alarm.FirmId == firmId;

    public bool Sees(string firmId, ElevatorSnapshot elevator) => ElevatorIdsOf(firmId).Contains(elevator.Id);

    public async Task<FirmSnapshot> GetSnapshotAsync(MaintenanceFirm firm, CancellationToken cancellationToken)
    {
        var ids = ElevatorIdsOf(firm.Id);
        var elevators = await Task.WhenAll(ids.Select(id => _grains.GetGrain<IElevatorGrain>(id).GetSnapshotAsync())).WaitAsync(cancellationToken);
        var alarms = await _grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: true).WaitAsync(cancellationToken);
        return new FirmSnapshot(
            firm.Id,
            firm.Name,
            [.. elevators.OfType<ElevatorSnapshot>().OrderBy(e => e.Id, StringComparer.Ordinal)],
            [.. alarms.Where(a => Sees(firm.Id, a))]);
    }

    private FirmAccess Find(string? firmId) =>
        firmId is not null && _index.Value.Firms.TryGetValue(firmId, out var firm)
            ? new FirmAccess(firm, null)
            : FirmAccess.Denied(_text["FirmAccess.NoSuchFirm", firmId ?? ""]);

    private sealed record FirmIndex(FrozenDictionary<string, MaintenanceFirm> Firms, FrozenDictionary<string, FrozenSet<string>> ElevatorsByFirm)
    {
        public static FirmIndex Of(CityDirectory city) => new(
            city.Topology.Firms.ToFrozenDictionary(f => f.Id, StringComparer.Ordinal),
            city.Topology.Elevators
                .GroupBy(e => e.MaintenanceFirmId, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.Select(e => e.Id).ToFrozenSet(StringComparer.Ordinal), StringComparer.Ordinal));
    }
}
