using System.Globalization;
using CommandCenter.Geography;
using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Partition;
using CommandCenter.Geography.Sources;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.City;

/// <summary>
/// Generates a city (<see cref="CityTopology"/> and its area outlines) on Yinchuan's real administrative tree from a
/// seed: the same options always give the same city. Presets: <see cref="CityGeneratorOptions.Demo"/> and
/// <see cref="CityGeneratorOptions.Yinchuan"/>.
/// </summary>
/// <remarks>
/// Districts, streets and communities are the real ones (<see cref="YinchuanAtlas"/>) with their official names
/// and codes as ids (<c>640104</c> 兴庆区, <c>640104001</c> 凤凰北街街道, <c>640104001003</c> 兴隆社区); a city of
/// fewer streets or communities takes the first ones of each district or street in code order, and their regions
/// still cover the whole district (<see cref="TreePartition"/>). Grids are <c>{communityCode}-{nn}</c>
/// (<c>640104001003-01</c>). Everything else is generated, with ids shared with the device simulators and the
/// device registry: lifts <c>EL-0001</c>, then escalators <c>ESC-0001</c>, berth sensors <c>BS-00001</c>, lots <c>LOT-001</c>,
/// user units <c>UNIT-001</c>, firms <c>FIRM-001</c>, property firms <c>PF-001</c> (generated, not Yinchuan's real ones). Every number is zero-padded to
/// <see cref="IdWidth"/>: the width shown above, or more when the count has more digits (20,000
/// elevators are <c>EL-00001</c>..<c>EL-20000</c>), so ids always sort in number order.
/// </remarks>
public static class CityGenerator
{
    /// <summary>Digits in the numbers of <paramref name="count"/> ids: at least <paramref name="minimumWidth"/>, more when the count needs it.</summary>
    public static int IdWidth(int count, int minimumWidth) =>
        Math.Max(minimumWidth, count.ToString(CultureInfo.InvariantCulture).Length);

    /// <summary>Elevator <paramref name="number"/> (1-based) of <paramref name="count"/>: <c>EL-0001</c>, or <c>EL-00001</c> beyond 9,999.</summary>
    public static string ElevatorId(int number, int count) => Id("EL-", number, IdWidth(count, 4));

    /// <summary>Escalators are numbered on their own, after the lifts, as wide as the lift ids of the same city.</summary>
    public static string EscalatorId(int number, int count) => Id("ESC-", number, IdWidth(count, 4));

    public static string BerthSensorId(int number, int count) => Id("BS-", number, IdWidth(count, 5));

    public static string LotId(int number, int count) => Id("LOT-", number, IdWidth(count, 3));

    public static string UnitId(int number, int count) => Id("UNIT-", number, IdWidth(count, 3));

    public static string FirmId(int number, int count) => Id("FIRM-", number, IdWidth(count, 3));

    /// <summary>Property firm <paramref name="number"/>: <c>PF-001</c>.</summary>
    public static string PropertyFirmId(int number, int count) => Id("PF-", number, IdWidth(count, 3));

    /// <summary>Grid <paramref name="number"/> (1-based) of a community's <paramref name="count"/>: <c>640104001003-01</c>.</summary>
    public static string GridId(string communityCode, int number, int count) => Id($"{communityCode}-", number, IdWidth(count, 2));

    /// <summary>Generates the city; throws <see cref="ArgumentException"/> listing every problem of unusable options.</summary>
    public static CityTopology Generate(CityGeneratorOptions options) => GenerateWithAreas(options).Topology;

    /// <summary>The city and the outlines of its districts, streets, communities and grids (<c>city-areas.geojson</c>).</summary>
    public static GeneratedCity GenerateWithAreas(CityGeneratorOptions options)
    {
        if (options.Problems is { Count: > 0 } problems)
        {
            throw new ArgumentException($"cannot generate a city: {string.Join("; ", problems)}", nameof(options));
        }

        return new Builder(options).Build();
    }

    /// <summary>
    /// Splits <paramref name="total"/> among places that hold at most <paramref name="capacities"/> each, at least one
    /// each, in proportion to their capacities: a city of fewer streets takes a share of each district's.
    /// </summary>
    internal static int[] SplitCapped(int total, IReadOnlyList<int> capacities)
    {
        if (total > capacities.Sum())
        {
            throw new ArgumentException($"{total} cannot be placed in {capacities.Sum()} places");
        }

        var parts = Split(total, [.. capacities.Select(c => (double)c)], 1);
        // Rounding and the minimum of one can overfill a small place: move the excess to places with room.
        for (var i = 0; i < parts.Length; i++)
        {
            while (parts[i] > capacities[i])
            {
                parts[i]--;
                var roomiest = Enumerable.Range(0, parts.Length).OrderByDescending(j => capacities[j] - parts[j]).First();
                parts[roomiest]++;
            }
        }

        return parts;
    }

    /// <summary>
    /// Splits <paramref name="total"/> into parts proportional to <paramref name="weights"/>, each at
    /// least <paramref name="minimum"/>, summing exactly to the total (largest remainder).
    /// </summary>
    internal static int[] Split(int total, IReadOnlyList<double> weights, int minimum)
    {
        var parts = new int[weights.Count];
        if (parts.Length == 0)
        {
            return parts;
        }

        var rest = total - minimum * parts.Length;
        var sum = weights.Sum();
        var remainders = new (double Fraction, int Index)[parts.Length];
        var given = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var exact = sum > 0 ? rest * weights[i] / sum : (double)rest / parts.Length;
            var whole = (int)Math.Floor(exact);
            parts[i] = minimum + whole;
            given += whole;
            remainders[i] = (exact - whole, i);
        }

        foreach (var (_, index) in remainders.OrderByDescending(r => r.Fraction).ThenBy(r => r.Index).Take(rest - given))
        {
            parts[index]++;
        }

        return parts;
    }

    private static string Id(string prefix, int number, int width) =>
        prefix + number.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A grid while the city is built, with what elevators and lots need to know of it.</summary>
    private sealed record GridSlot(Grid Grid, int District, bool Village, string Address, string Road);

    /// <summary>A grid planned before its shape, hence its position, is known.</summary>
    private sealed record PlannedGrid(string Id, string Name, string[] Buildings, int District, bool Village, string Address, string Road);

    private sealed class Builder(CityGeneratorOptions options)
    {
        private readonly Random _random = new(options.Seed);

        // Contacts draw from their own stream, so adding them left every other generated part of a seed's city as it was.
        private readonly Random _contactNames = new(options.Seed ^ 0x5EED);
        private int _phonesIssued;
        private readonly CityNames.DistrictEntry[] _catalogue = [.. CityNames.Districts.Take(options.Districts)];
        private readonly AtlasDistrict[] _atlas = [.. CityNames.Districts.Take(options.Districts).Select(e => YinchuanAtlas.Districts.Single(d => d.Code == e.AreaCode))];
        private readonly List<GridSlot> _grids = [];

        public GeneratedCity Build()
        {
            var (districts, areas) = BuildDistricts();
            var firms = BuildFirms();
            var (units, elevators) = BuildElevators(firms);
            var lots = BuildLots();
            var propertyFirms = BuildPropertyFirms(districts, elevators);
            var topology = new CityTopology(CityTopology.CurrentVersion, options.Name, districts, Department.Defaults, units, firms, elevators, lots, propertyFirms);
            return new GeneratedCity(topology, areas);
        }

        private (List<District> Districts, IReadOnlyList<AreaShape> Areas) BuildDistricts()
        {
            // The first streets of each district and the first communities of each street, in code order (街道 before towns).
            var streetCounts = SplitCapped(options.Streets, [.. _atlas.Select(d => d.Streets.Count)]);
            var streetPlan = _atlas.SelectMany((district, d) => district.Streets.Take(streetCounts[d]).Select(street => (District: d, Street: street))).ToArray();
            if (options.Communities > streetPlan.Sum(s => s.Street.Communities.Count))
            {
                throw new ArgumentException(
                    $"cannot generate a city: {options.Communities} communities do not fit in the {streetPlan.Length} streets taken, which have {streetPlan.Sum(s => s.Street.Communities.Count)}");
            }

            var communityCounts = SplitCapped(options.Communities, [.. streetPlan.Select(s => s.Street.Communities.Count)]);
            var communityPlan = streetPlan.SelectMany((street, s) => street.Street.Communities.Take(communityCounts[s]).Select(c => (Street: s, Community: c))).ToArray();
            // Urban compounds are denser than village groups: more grids per community.
            var gridCounts = Split(options.Grids, [.. communityPlan.Select(c => c.Community.Village ? Between(0.5, 1.0) : Between(1.0, 1.6))], 1);

            var planned = new List<PlannedGrid>();
            var plans = new List<DistrictPlan>();
            for (var d = 0; d < _atlas.Length; d++)
            {
                var streets = new List<StreetPlan>();
                for (var s = 0; s < streetPlan.Length; s++)
                {
                    if (streetPlan[s].District != d)
                    {
                        continue;
                    }

                    var street = streetPlan[s].Street;
                    var communities = new List<CommunityPlan>();
                    for (var c = 0; c < communityPlan.Length; c++)
                    {
                        if (communityPlan[c].Street != s)
                        {
                            continue;
                        }

                        var community = communityPlan[c].Community;
                        var grids = PlanGrids(d, street.Name, community, gridCounts[c]);
                        planned.AddRange(grids);
                        communities.Add(new CommunityPlan(community.Code, community.Name, [.. grids.Select(g => new GridPlan(g.Id, g.Name))]));
                    }

                    streets.Add(new StreetPlan(street.Code, street.Name, street.Urban, communities));
                }

                plans.Add(new DistrictPlan(_atlas[d].Code, _atlas[d].Name, _atlas[d].Outline, _atlas[d].Label, streets));
            }

            var areas = TreePartition.Build(plans, options.Seed);
            var points = areas.Where(a => a.Kind == AreaKind.Grid).ToDictionary(a => a.Id, a => TreePartition.PointOf(a.Geometry), StringComparer.Ordinal);
            var gridsById = new Dictionary<string, Grid>(StringComparer.Ordinal);
            foreach (var grid in planned)
            {
                var point = points[grid.Id];
                var built = new Grid(grid.Id, grid.Name, point.Y, point.X, grid.Buildings);
                gridsById[grid.Id] = built;
                _grids.Add(new GridSlot(built, grid.District, grid.Village, grid.Address, grid.Road));
            }

            var districts = plans.Select((plan, d) => new District(plan.Id, plan.Name, _atlas[d].Urban,
                [.. plan.Streets.Select(street => new Street(street.Id, street.Name,
                    [.. street.Communities.Select(community => new Community(community.Id, community.Name, [.. community.Grids.Select(g => gridsById[g.Id])]))]))],
                new Contact($"{plan.Name}指挥中心值班室", NextFakePhone()))).ToList();
            return (districts, areas);
        }

        private List<PlannedGrid> PlanGrids(int district, string streetName, AtlasCommunity community, int count)
        {
            var entry = _catalogue[district];
            var districtName = _atlas[district].Name;
            var compoundWords = Shuffled(CityNames.CompoundWords);
            var grids = new List<PlannedGrid>();
            for (var g = 0; g < count; g++)
            {
                var name = community.Village
                    ? $"{community.Name}{CityNames.Ordinal(g + 1)}组"
                    : Pick(compoundWords, g) + CityNames.CompoundSuffixes[_random.Next(CityNames.CompoundSuffixes.Length)];
                var buildings = Enumerable.Range(1, community.Village ? _random.Next(1, 5) : _random.Next(4, 19)).Select(n => $"{n}号楼").ToArray();
                var road = entry.Roads[_random.Next(entry.Roads.Length)];
                var address = community.Village
                    ? $"{options.Name}{districtName}{streetName}{name}"
                    : $"{options.Name}{districtName}{road}{_random.Next(1, 400)}号{name}";
                grids.Add(new PlannedGrid(GridId(community.Code, g + 1, count), name, buildings, district, community.Village, address, road));
            }

            return grids;
        }

        private List<MaintenanceFirm> BuildFirms()
        {
            var firms = new List<MaintenanceFirm>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            // Firms settle where the elevators are: the urban districts get most of them.
            double[] weights = [.. _catalogue.Select((d, i) => d.Weight * (_atlas[i].Urban ? 3 : 1))];
            for (var f = 0; f < options.Firms; f++)
            {
                var home = f < _catalogue.Length ? f : PickWeighted(weights);
                var served = new List<int> { home };
                var extra = _random.NextDouble() switch { < 0.15 => 2, < 0.5 => 1, _ => 0 };
                foreach (var other in Shuffled(Enumerable.Range(0, _catalogue.Length).Where(d => d != home).ToArray()).Take(extra))
                {
                    served.Add(other);
                }

                // A firm's base is in one of its home district's grids.
                var inHome = _grids.Where(g => g.District == home).ToArray();
                var baseGrid = inHome[_random.Next(inHome.Length)].Grid;
                firms.Add(new MaintenanceFirm(
                    FirmId(f + 1, options.Firms), FirmName(names), baseGrid.Latitude, baseGrid.Longitude, [.. served.Select(d => _atlas[d].Code)], [FakeContact(), FakeContact()]));
            }

            return firms;
        }

        /// <summary>
        /// Property firms, generated (the real ones are not published): each street's urban compounds are shared among the
        /// street's firms, in proportion to its urban grids, each firm a run of neighbouring grids; a firm runs the user units
        /// whose first elevator stands in its compounds. Owners' committees and property management committees are drawn
        /// at about Yinchuan's shares. From their own random stream, so the rest of a seed's city stays as it was.
        /// </summary>
        private List<PropertyFirm> BuildPropertyFirms(List<District> districts, List<ElevatorInfo> elevators)
        {
            var random = new Random(options.Seed ^ 0x0F1A);
            var village = _grids.ToDictionary(g => g.Grid.Id, g => g.Village, StringComparer.Ordinal);
            var streets = districts.SelectMany(d => d.Streets)
                .Select(s => (Street: s, Compounds: s.Communities.SelectMany(c => c.Grids).Where(g => !village[g.Id]).Select(g => g.Id).ToList()))
                .Where(s => s.Compounds.Count > 0)
                .ToList();
            var total = Math.Min(options.PropertyFirms, streets.Sum(s => s.Compounds.Count));
            if (total == 0)
            {
                return [];
            }

            // At least one firm in as many streets as there are firms, the rest by urban grids, never more firms than compounds.
            var counts = total >= streets.Count
                ? SplitCapped(total, [.. streets.Select(s => s.Compounds.Count)])
                : [.. streets.Select((_, i) => i < total ? 1 : 0)];
            var unitOfGrid = elevators.GroupBy(e => e.UserUnitId).ToDictionary(g => g.Key, g => g.First().GridId, StringComparer.Ordinal);
            var names = new HashSet<string>(StringComparer.Ordinal);
            var firms = new List<PropertyFirm>();
            for (var s = 0; s < streets.Count; s++)
            {
                var (street, compounds) = streets[s];
                var sizes = counts[s] == 0 ? [] : Split(compounds.Count, [.. Enumerable.Range(0, counts[s]).Select(_ => 0.5 + random.NextDouble())], 1);
                var taken = 0;
                foreach (var size in sizes)
                {
                    var grids = compounds.Skip(taken).Take(size).ToList();
                    taken += size;
                    var managed = grids.Select(g => new ManagedCompound(g, random.NextDouble() < 0.3, random.NextDouble() < 0.6)).ToList();
                    var runs = unitOfGrid.Where(u => grids.Contains(u.Value)).Select(u => u.Key).Order(StringComparer.Ordinal).ToList();
                    firms.Add(new PropertyFirm(PropertyFirmId(firms.Count + 1, total), PropertyFirmName(random, names), street.Id, managed, runs));
                }
            }

            return firms;
        }

        private static string PropertyFirmName(Random random, HashSet<string> taken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var word = CityNames.CompoundWords[random.Next(CityNames.CompoundWords.Length)];
                var name = attempt < 20 ? $"宁夏{word}物业服务有限公司" : $"宁夏{word}物业服务有限公司第{CityNames.Ordinal(taken.Count % 99 + 1)}分公司";
                if (taken.Add(name))
                {
                    return name;
                }
            }
        }

        private string FirmName(HashSet<string> taken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var name = _random.Next(10) == 0
                    ? $"{CityNames.FirmBrands[_random.Next(CityNames.FirmBrands.Length)]}电梯(中国)有限公司银川分公司"
                    : string.Format(CultureInfo.InvariantCulture, CityNames.FirmTemplates[_random.Next(CityNames.FirmTemplates.Length)], CityNames.FirmWords[_random.Next(CityNames.FirmWords.Length)]);
                if (attempt >= 20)
                {
                    name = name.Replace("有限公司", $"有限公司第{CityNames.Ordinal(taken.Count % 99 + 1)}分公司", StringComparison.Ordinal);
                }

                if (taken.Add(name))
                {
                    return name;
                }
            }
        }

        private (List<UserUnit> Units, List<ElevatorInfo> Elevators) BuildElevators(List<MaintenanceFirm> firms)
        {
            // Elevators stand in urban compounds; a village group rarely has one.
            var perGrid = Split(options.Elevators, [.. _grids.Select(g => g.Village ? 0.08 : Between(1, 5) * (_atlas[g.District].Urban ? 2.5 : 1))], 0);
            var byDistrict = _catalogue.Select(_ => new List<(GridSlot Grid, int Number)>()).ToArray();
            var number = 0;
            for (var g = 0; g < _grids.Count; g++)
            {
                for (var e = 0; e < perGrid[g]; e++)
                {
                    byDistrict[_grids[g].District].Add((_grids[g], ++number));
                }
            }

            var withElevators = byDistrict.Count(list => list.Count > 0);
            var unitTotal = Math.Max(withElevators, (int)Math.Round((double)options.Elevators / options.ElevatorsPerUnit));
            var unitsPerDistrict = Split(unitTotal - withElevators, [.. byDistrict.Select(list => (double)list.Count)], 0);
            var firmsByDistrict = _atlas.Select(district => firms.Where(f => f.DistrictIds.Contains(district.Code)).ToArray()).ToArray();

            var units = new List<UserUnit>();
            var elevators = new List<ElevatorInfo>();
            var unitNames = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var d = 0; d < byDistrict.Length; d++)
            {
                var list = byDistrict[d];
                if (list.Count == 0)
                {
                    continue;
                }

                var unitCount = Math.Min(list.Count, unitsPerDistrict[d] + 1);
                var sizes = Split(list.Count, [.. Enumerable.Repeat(1.0, unitCount)], 1);
                var next = 0;
                foreach (var size in sizes)
                {
                    var members = list.GetRange(next, size);
                    next += size;
                    var unitId = UnitId(units.Count + 1, unitTotal);
                    var office = members[0].Grid.Grid;
                    units.Add(new UserUnit(unitId, UnitName(office.Name, unitNames), WithFakePhone(PersonName()), PersonName(), office.Latitude, office.Longitude));
                    // A unit contracts one firm for all its elevators, one that serves its district.
                    var firm = firmsByDistrict[d][_random.Next(firmsByDistrict[d].Length)];
                    var officers = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => WithFakePhone(PersonName())).ToArray();
                    elevators.AddRange(members.Select(m => Elevator(m.Grid, m.Number, unitId, officers[_random.Next(officers.Length)], firm.Id)));
                }
            }

            return (units, Numbered(elevators));
        }

        /// <summary>
        /// Lifts become EL-… and escalators ESC-…, each numbered in the order of their places in the city, so the
        /// lifts come first and the escalators after them (their ids sort so too).
        /// </summary>
        private List<ElevatorInfo> Numbered(List<ElevatorInfo> elevators)
        {
            // Until numbered, an elevator's id is its place number (the number in its registration code).
            var inPlaceOrder = elevators.OrderBy(e => int.Parse(e.Id, CultureInfo.InvariantCulture)).ToList();
            var lifts = inPlaceOrder.Where(e => !e.Escalator).Select((e, i) => e with { Id = ElevatorId(i + 1, options.Elevators) });
            var escalators = inPlaceOrder.Where(e => e.Escalator).Select((e, i) => e with { Id = EscalatorId(i + 1, options.Elevators) });
            return [.. lifts, .. escalators];
        }

        private ElevatorInfo Elevator(GridSlot grid, int number, string unitId, Contact officer, string firmId)
        {
            var escalator = _random.Next(options.EscalatorOneIn) == 0;
            var building = grid.Grid.Buildings[_random.Next(grid.Grid.Buildings.Count)];
            // 注册代码: equipment type (3110 traction passenger lift, 3310 escalator), area code, year, sequence.
            var registration = string.Create(CultureInfo.InvariantCulture,
                $"{(escalator ? "3310" : "3110")}{_catalogue[grid.District].AreaCode}{_random.Next(2004, 2025)}{number:D6}");
            var address = escalator ? $"{grid.Address}{building}" : $"{grid.Address}{building}{_random.Next(1, 5)}单元";
            return new ElevatorInfo(
                number.ToString(CultureInfo.InvariantCulture), registration, grid.Grid.Id, building, address, unitId, officer, firmId,
                escalator ? DeviceKind.Escalator : DeviceKind.Elevator, grid.Grid.Latitude, grid.Grid.Longitude);
        }

        private List<ParkingLotInfo> BuildLots()
        {
            double[] gridWeights = [.. _grids.Select(g => g.Village ? 0.3 : _atlas[g.District].Urban ? 3 : 1)];
            var berthCounts = Split(options.BerthSensors, [.. Enumerable.Range(0, options.Lots).Select(_ => Between(0.5, 1.5))], 1);
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            var lots = new List<ParkingLotInfo>();
            var berth = 0;
            for (var l = 0; l < options.Lots; l++)
            {
                var grid = _grids[PickWeighted(gridWeights)];
                var roadside = _random.Next(3) == 0;
                var baseName = roadside
                    ? $"{grid.Road}路侧停车泊位"
                    : _random.Next(3) == 0
                        ? $"{CityNames.CommunityWords[_random.Next(CityNames.CommunityWords.Length)]}广场地下停车场"
                        : $"{grid.Grid.Name}停车场";
                var sensed = berthCounts[l];
                var berths = Enumerable.Range(berth + 1, sensed).Select(n => BerthSensorId(n, options.BerthSensors)).ToArray();
                berth += sensed;
                // Roadside berths are all sensed; a gated lot has unsensed spaces its gate counter covers.
                var capacity = roadside ? sensed : sensed + _random.Next(0, sensed / 2 + 1);
                var nightFree = l == 0 || _random.NextDouble() < options.NightFreeLotShare
                    ? berths[..Math.Max(1, (int)Math.Round(sensed * Between(0.2, 0.5)))]
                    : [];
                lots.Add(new ParkingLotInfo(LotId(l + 1, options.Lots), Numbered(baseName, names), grid.Grid.Id, capacity, berths, nightFree, grid.Grid.Latitude, grid.Grid.Longitude));
            }

            return lots;
        }

        private static string UnitName(string gridName, Dictionary<string, int> seen)
        {
            var name = $"{gridName}物业服务中心";
            seen[name] = seen.GetValueOrDefault(name) + 1;
            return seen[name] == 1 ? name : $"{name}({CityNames.Ordinal(seen[name])}期)";
        }

        private static string Numbered(string name, Dictionary<string, int> seen)
        {
            seen[name] = seen.GetValueOrDefault(name) + 1;
            return seen[name] == 1 ? name : $"{name}({CityNames.Ordinal(seen[name])})";
        }

        private Contact FakeContact() =>
            WithFakePhone(CityNames.Surnames[_contactNames.Next(CityNames.Surnames.Length)] + CityNames.GivenNames[_contactNames.Next(CityNames.GivenNames.Length)]);

        private Contact WithFakePhone(string name) => new(name, NextFakePhone());

        /// <summary>
        /// Demo numbers, one per person, from 13800000001 up: a block set aside as fictional for this product's
        /// demo cities (docs/operations.md), so that a demo's SMS gateway or robot never rings a real person's
        /// number by accident of generation. Never use them for a real city.
        /// </summary>
        private string NextFakePhone() => string.Create(CultureInfo.InvariantCulture, $"13800{++_phonesIssued:D6}");

        private string PersonName() =>
            CityNames.Surnames[_random.Next(CityNames.Surnames.Length)] + CityNames.GivenNames[_random.Next(CityNames.GivenNames.Length)];

        /// <summary>The n-th word of a shuffled pool; past its end, words come round again with an ordinal (丽景二).</summary>
        private static string Pick(string[] shuffled, int n) =>
            n < shuffled.Length ? shuffled[n] : shuffled[n % shuffled.Length] + CityNames.Ordinal(n / shuffled.Length + 1);

        private T[] Shuffled<T>(T[] items)
        {
            var copy = (T[])items.Clone();
            _random.Shuffle(copy);
            return copy;
        }

        private int PickWeighted(IReadOnlyList<double> weights)
        {
            var target = _random.NextDouble() * weights.Sum();
            for (var i = 0; i < weights.Count; i++)
            {
                target -= weights[i];
                if (target < 0)
                {
                    return i;
                }
            }

            return weights.Count - 1;
        }

        private double Between(double min, double max) => min + _random.NextDouble() * (max - min);
    }
}
