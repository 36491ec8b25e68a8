using CommandCenter.Geography;
using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Partition;
using CommandCenter.Protocol;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace CommandCenter.Simulators.People;

/// <summary>A case as a grid worker reports it on the phone (<c>POST /api/cases</c>).</summary>
public sealed record CaseReport(string Category, string Description, double Latitude, double Longitude, byte[] Photo);

/// <summary>
/// What one grid worker finds on patrol in their grid, and when: reports at random gaps (a Poisson process of the set rate),
/// each with a category, a place strictly inside the grid (or the grid's own point when the outlines are unknown) and a photo.
/// Seeded by the run's seed and the grid worker, so a demo replays alike.
/// </summary>
public sealed class GridPatrol
{
    private readonly Random _random;
    private readonly double _casesPerHour;
    private readonly IReadOnlyList<CaseCategory> _categories;
    private readonly Grid _grid;
    private readonly Geometry? _outline;
    private readonly IPointOnGeometryLocator? _locator;

    public GridPatrol(int seed, string userName, double casesPerHour, IReadOnlyList<CaseCategory> categories, Grid grid, AreaShape? outline)
    {
        if (categories.Count == 0)
        {
            throw new InvalidDataException("the command center has no categories a grid worker reports");
        }

        _random = Simulation.StableHash.RandomFor(seed, $"patrol|{userName}");
        _casesPerHour = casesPerHour;
        _categories = categories;
        _grid = grid;
        _outline = outline?.Geometry;
        _locator = _outline is null ? null : new IndexedPointInAreaLocator(_outline);
    }

    public string GridId => _grid.Id;

    /// <summary>The time until the next find: exponentially distributed with the mean 1 / rate; never when the rate is 0.</summary>
    public TimeSpan NextGap() => _casesPerHour <= 0
        ? Timeout.InfiniteTimeSpan
        : TimeSpan.FromHours(-Math.Log(1 - _random.NextDouble()) / _casesPerHour);

    public CaseReport Next()
    {
        var category = _categories[_random.Next(_categories.Count)];
        var (latitude, longitude) = _locator is null
            ? (_grid.Latitude, _grid.Longitude)
            : PointIn(AreaPartition.RandomPointIn(_outline!, _locator, _random));
        var building = _grid.Buildings.Count > 0 ? _grid.Buildings[_random.Next(_grid.Buildings.Count)] : _grid.Name;
        return new CaseReport(category.Code, $"{category.NameZh}：{_grid.Name} {building} 附近，巡查发现（模拟网格员）", latitude, longitude, CasePhoto.Jpeg(_random));
    }

    /// <summary>A photo of the spot for verification or feedback.</summary>
    public static byte[] PhotoFor(int seed, string caseId, CaseMove move) =>
        CasePhoto.Jpeg(Simulation.StableHash.RandomFor(seed, $"photo|{caseId}|{move}"));

    // Six decimals (about 0.1 m), as a phone reports: the point stays inside the grid.
    private static (double Latitude, double Longitude) PointIn(Coordinate point) => (Math.Round(point.Y, 6), Math.Round(point.X, 6));
}
