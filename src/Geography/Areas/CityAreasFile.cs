using CommandCenter.Protocol;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace CommandCenter.Geography.Areas;

/// <summary>
/// <c>city-areas.geojson</c>, beside <c>city.json</c>: the outlines of the city's districts, streets, communities and
/// grids (<see cref="AreaGeoJson"/>). Kept apart from the city file so that GIS tools open it as it is and a city's
/// own surveyed outlines can replace the generated ones without touching the rest of the city (docs/geography.md).
/// </summary>
public static class CityAreasFile
{
    public const string FileName = "city-areas.geojson";

    /// <summary>How far (degrees, about 1 m) a child's vertex may lie outside its parent: outlines are rounded to 10⁻⁶°.</summary>
    public const double Tolerance = CityLocator.Tolerance;

    private const int MaxProblemsShown = 10;

    /// <summary>The areas file that belongs to a city file.</summary>
    public static string Beside(string cityPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cityPath))!, FileName);

    /// <summary>
    /// Writes the outlines atomically: readers see the old file or the new one, never half of it. With
    /// <paramref name="backup"/>, an existing file is kept there (replacing an older backup).
    /// </summary>
    public static void Save(string path, IEnumerable<AreaShape> shapes, string? backup = null)
    {
        var temporary = path + ".tmp";
        AreaGeoJson.Write(temporary, shapes);
        if (backup is not null && File.Exists(path))
        {
            File.Replace(temporary, path, backup);
        }
        else
        {
            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>
    /// Reads the outlines of a city and checks them against it (<see cref="Check"/>); throws
    /// <see cref="FileNotFoundException"/> when there are none and <see cref="InvalidDataException"/> naming every problem.
    /// </summary>
    public static IReadOnlyList<AreaShape> Load(string path, CityTopology city)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                $"{fullPath}: there is no {FileName} beside the city file; it holds the outlines that positions are resolved with (regenerate the city, or see docs/geography.md to import a city's own)",
                fullPath);
        }

        var shapes = AreaGeoJson.Read(fullPath);
        var problems = Check(city, shapes);
        if (problems.Count > 0)
        {
            var shown = string.Join("; ", problems.Take(MaxProblemsShown));
            throw new InvalidDataException($"{fullPath}: outlines that do not fit {CityTopologyFile.FileName}: {problems.Count} problems: {shown}" +
                                           (problems.Count > MaxProblemsShown ? $"; and {problems.Count - MaxProblemsShown} more" : ""));
        }

        return shapes;
    }

    /// <summary>
    /// Every way the outlines and the city disagree: an area of the city without an outline (or with several), an
    /// outline of an area the city does not have, an outline that is not a valid polygon, a grid not inside its
    /// community, a community not inside its street, a street not inside its district (each within
    /// <see cref="Tolerance"/>), a grid's, elevator's or lot's position outside its grid, a unit's or firm's
    /// outside every grid. Empty when they fit.
    /// </summary>
    public static IReadOnlyList<string> Check(CityTopology city, IReadOnlyList<AreaShape> shapes)
    {
        var problems = new List<string>();
        var byKey = new Dictionary<(AreaKind, string), AreaShape>();
        foreach (var shape in shapes)
        {
            if (!byKey.TryAdd((shape.Kind, shape.Id), shape))
            {
                problems.Add($"{AreaGeoJson.LevelName(shape.Kind)} {shape.Id} has more than one outline");
            }
            else if (!shape.Geometry.IsValid)
            {
                problems.Add($"{AreaGeoJson.LevelName(shape.Kind)} {shape.Id}: the outline is not a valid polygon");
            }
        }

        var known = new HashSet<(AreaKind, string)>();
        AreaShape? Outline(AreaKind kind, string id)
        {
            known.Add((kind, id));
            if (byKey.TryGetValue((kind, id), out var shape))
            {
                return shape;
            }

            problems.Add($"{AreaGeoJson.LevelName(kind)} {id} has no outline");
            return null;
        }

        void Inside(AreaShape? child, AreaShape? parent)
        {
            if (child is not null && parent is not null && !Within(child.Geometry, parent.Geometry))
            {
                problems.Add($"{AreaGeoJson.LevelName(child.Kind)} {child.Id} reaches outside {AreaGeoJson.LevelName(parent.Kind)} {parent.Id}");
            }
        }

        void At(string what, double latitude, double longitude, AreaShape? area)
        {
            if (area is not null && area.Geometry.Distance(Geo.Factory.CreatePoint(new Coordinate(longitude, latitude))) > Tolerance)
            {
                problems.Add($"{what}: position ({latitude}, {longitude}) is outside grid {area.Id}");
            }
        }

        var grids = new Dictionary<string, AreaShape?>(StringComparer.Ordinal);
        foreach (var district in city.Districts)
        {
            var districtShape = Outline(AreaKind.District, district.Id);
            foreach (var street in district.Streets)
            {
                var streetShape = Outline(AreaKind.Street, street.Id);
                Inside(streetShape, districtShape);
                foreach (var community in street.Communities)
                {
                    var communityShape = Outline(AreaKind.Community, community.Id);
                    Inside(communityShape, streetShape);
                    foreach (var grid in community.Grids)
                    {
                        var gridShape = grids[grid.Id] = Outline(AreaKind.Grid, grid.Id);
                        Inside(gridShape, communityShape);
                        At($"grid {grid.Id}", grid.Latitude, grid.Longitude, gridShape);
                    }
                }
            }
        }

        problems.AddRange(shapes.Where(s => !known.Contains((s.Kind, s.Id))).Select(s => $"{AreaGeoJson.LevelName(s.Kind)} {s.Id} is not an area of {CityTopologyFile.FileName}"));
        foreach (var elevator in city.Elevators)
        {
            At($"elevator {elevator.Id}", elevator.Latitude, elevator.Longitude, grids.GetValueOrDefault(elevator.GridId));
        }

        foreach (var lot in city.Lots)
        {
            At($"lot {lot.Id}", lot.Latitude, lot.Longitude, grids.GetValueOrDefault(lot.GridId));
        }

        var locator = new CityLocator(shapes);
        problems.AddRange(city.Units.Where(u => locator.GridAt(u.Latitude, u.Longitude) is null).Select(u => $"unit {u.Id}: position ({u.Latitude}, {u.Longitude}) is outside the city's grids"));
        problems.AddRange(city.Firms.Where(f => locator.GridAt(f.Latitude, f.Longitude) is null).Select(f => $"firm {f.Id}: position ({f.Latitude}, {f.Longitude}) is outside the city's grids"));
        return problems;
    }

    /// <summary>Every vertex of <paramref name="child"/> inside or on <paramref name="parent"/>, or within <see cref="Tolerance"/> of it.</summary>
    private static bool Within(Geometry child, Geometry parent)
    {
        var locator = new IndexedPointInAreaLocator(parent);
        return child.Coordinates.All(c => locator.Locate(c) != Location.Exterior || parent.Distance(Geo.Factory.CreatePoint(c)) <= Tolerance);
    }
}
