using CommandCenter.Geography.Sources;

namespace CommandCenter.Simulators.City;

/// <summary>
/// Size and seed of a generated city (<see cref="CityGenerator"/>). Counts are exact: the generator
/// produces precisely this many of each. Districts are taken in order from Yinchuan's six
/// (兴庆区, 金凤区, 西夏区 urban; 永宁县, 贺兰县, 灵武市 not); streets and communities are the real ones, the
/// first of each district and street in code order, at most as many as Yinchuan has.
/// </summary>
public sealed record CityGeneratorOptions
{
    /// <summary>
    /// A small city for demos and tests: a real slice of two urban districts (兴庆区 and 金凤区, two streets and four
    /// communities each) whose 16 grids still cover both districts whole; 24 elevators, 3 lots with 60 berths.
    /// </summary>
    public static CityGeneratorOptions Demo => new()
    {
        Districts = 2,
        Streets = 4,
        Communities = 8,
        Grids = 16,
        Elevators = 24,
        ElevatorsPerUnit = 8,
        Firms = 4,
        PropertyFirms = 6,
        Lots = 3,
        BerthSensors = 60,
    };

    /// <summary>Yinchuan at full scale: its 6 districts, 62 streets/towns, 602 communities/villages, 4,121 grids, 20,000 elevators.</summary>
    public static CityGeneratorOptions Yinchuan => new()
    {
        Districts = 6,
        Streets = 62,
        Communities = 602,
        Grids = 4121,
        Elevators = 20_000,
        ElevatorsPerUnit = 12,
        Firms = 300,
        PropertyFirms = 221,
        Lots = 500,
        BerthSensors = 13_000,
    };

    /// <summary>
    /// The seed of the layout. The default, 66, is the first whose demo city has the shape the authorization tests ask
    /// for (one firm keeping every lift of 兴庆区 and an escalator in its first street; tests/…/Auth/DemoCityShape.cs).
    /// </summary>
    public int Seed { get; init; } = DefaultSeed;

    public const int DefaultSeed = 66;

    public string Name { get; init; } = "银川市";

    /// <summary>1 to 6, taken in order from the catalogue of Yinchuan's districts.</summary>
    public int Districts { get; init; } = 2;

    /// <summary>Sub-districts and towns (街道/镇/乡) across the city, at least one per district, at most the districts' real ones.</summary>
    public int Streets { get; init; } = 4;

    /// <summary>Communities and villages (社区/村), at least one per street, at most the streets' real ones.</summary>
    public int Communities { get; init; } = 8;

    /// <summary>Grids (网格): residential compounds or village groups, at least one per community.</summary>
    public int Grids { get; init; } = 16;

    public int Elevators { get; init; } = 24;

    /// <summary>Average elevators per user unit (使用单位); units never span districts.</summary>
    public int ElevatorsPerUnit { get; init; } = 12;

    /// <summary>About one elevator in this many is an escalator (ESC-…, numbered after the lifts, EL-…).</summary>
    public int EscalatorOneIn { get; init; } = 20;

    /// <summary>Maintenance firms; each serves 1–3 districts, and every district has at least one.</summary>
    public int Firms { get; init; } = 4;

    /// <summary>
    /// Property-service firms (物业服务企业), generated, not real: Yinchuan has 221, whose names and compounds are not
    /// published. Each manages compounds (urban grids) of one street; village grids have none. Capped at the urban grids.
    /// </summary>
    public int PropertyFirms { get; init; } = 6;

    public int Lots { get; init; } = 3;

    /// <summary>Sensed berths across all lots, at least one per lot.</summary>
    public int BerthSensors { get; init; } = 60;

    /// <summary>Share of lots offering night-time free berths (the first lot always does).</summary>
    public double NightFreeLotShare { get; init; } = 0.4;

    /// <summary>Every reason these options cannot produce a city; empty when they can.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (Districts < 1 || Districts > CityNames.Districts.Count)
            {
                problems.Add($"districts must be 1–{CityNames.Districts.Count}, got {Districts}");
            }

            if (Streets < Districts)
            {
                problems.Add($"{Streets} streets cannot cover {Districts} districts (at least one each)");
            }

            var taken = CityNames.Districts.Take(Math.Clamp(Districts, 0, CityNames.Districts.Count))
                .Select(e => YinchuanAtlas.Districts.Single(d => d.Code == e.AreaCode)).ToList();
            if (Streets > taken.Sum(d => d.Streets.Count))
            {
                problems.Add($"{Streets} streets are more than the {taken.Sum(d => d.Streets.Count)} that {string.Join("、", taken.Select(d => d.Name))} have");
            }

            if (Communities > taken.Sum(d => d.Streets.Sum(s => s.Communities.Count)))
            {
                problems.Add($"{Communities} communities are more than the {taken.Sum(d => d.Streets.Sum(s => s.Communities.Count))} that {string.Join("、", taken.Select(d => d.Name))} have");
            }

            if (Communities < Streets)
            {
                problems.Add($"{Communities} communities cannot cover {Streets} streets (at least one each)");
            }

            if (Grids < Communities)
            {
                problems.Add($"{Grids} grids cannot cover {Communities} communities (at least one each)");
            }

            if (Elevators < 0 || Firms < 0 || Lots < 0 || BerthSensors < 0 || PropertyFirms < 0)
            {
                problems.Add("elevators, firms, property firms, lots and berth sensors cannot be negative");
            }

            if (ElevatorsPerUnit < 1 || EscalatorOneIn < 1)
            {
                problems.Add("elevators per unit and escalator frequency must be at least 1");
            }

            if (Elevators > 0 && Firms < Districts)
            {
                problems.Add($"{Firms} firms cannot serve {Districts} districts (every district needs one)");
            }

            if (BerthSensors > 0 && Lots == 0)
            {
                problems.Add($"{BerthSensors} berth sensors need at least one lot to belong to");
            }

            if (BerthSensors < Lots)
            {
                problems.Add($"{BerthSensors} berth sensors cannot equip {Lots} lots (at least one each)");
            }

            if (NightFreeLotShare is < 0 or > 1)
            {
                problems.Add($"night-free lot share must be between 0 and 1, got {NightFreeLotShare}");
            }

            return problems;
        }
    }
}
