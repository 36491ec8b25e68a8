using System.Globalization;
using CommandCenter.Protocol;

namespace CommandCenter.Wall;

/// <summary>A rectangle of the schematic map (0–1000 on both axes), usable as an SVG viewBox.</summary>
public readonly record struct MapBox(double X, double Y, double Width, double Height)
{
    public string ViewBox => string.Create(CultureInfo.InvariantCulture, $"{X:0.#} {Y:0.#} {Width:0.#} {Height:0.#}");

    /// <summary>A size for marks that stays the same on screen whatever the zoom.</summary>
    public double Scale => Math.Max(Width, Height) / 1000;

    /// <summary>The box around the points with a margin, centred on them; close points get at least four margins each way.</summary>
    public static MapBox Around(IEnumerable<(double X, double Y)> points, double margin)
    {
        var list = points.ToList();
        if (list.Count == 0)
        {
            return new MapBox(0, 0, 1000, 1000);
        }

        var (minX, maxX) = (list.Min(p => p.X), list.Max(p => p.X));
        var (minY, maxY) = (list.Min(p => p.Y), list.Max(p => p.Y));
        var width = Math.Max(maxX - minX + 2 * margin, 4 * margin);
        var height = Math.Max(maxY - minY + 2 * margin, 4 * margin);
        return new MapBox((minX + maxX - width) / 2, (minY + maxY - height) / 2, width, height);
    }
}

/// <summary>A grid drawn on the map: its point projected to map units (x east, y south).</summary>
public sealed record MapGrid(Grid Grid, double X, double Y)
{
    public string Id => Grid.Id;

    public string Name => Grid.Name;
}

/// <summary>A district on the schematic map: the outline around its grids, where its name goes, and the box to zoom to.</summary>
public sealed record DistrictShape(string Id, string Name, string Outline, double LabelX, double LabelY, MapBox Box, IReadOnlyList<MapGrid> Grids);

/// <summary>
/// Projects WGS-84 positions onto the map's 0–1000 square: an equirectangular projection around the middle latitude
/// of the city's grids (a degree of longitude shrunk by the cosine of that latitude, so shapes keep their proportions
/// at a city's scale), fitted to the square with north up.
/// </summary>
public sealed class MapProjection
{
    private readonly double _west;
    private readonly double _north;
    private readonly double _cosine;
    private readonly double _scale;

    public MapProjection(IEnumerable<Grid> grids)
    {
        var list = grids.ToList();
        if (list.Count == 0)
        {
            (_west, _north, _cosine, _scale) = (0, 0, 1, 1);
            return;
        }

        var (south, north) = (list.Min(g => g.Latitude), list.Max(g => g.Latitude));
        (_west, _north) = (list.Min(g => g.Longitude), north);
        _cosine = Math.Cos((south + north) / 2 * Math.PI / 180);
        var width = (list.Max(g => g.Longitude) - _west) * _cosine;
        var height = north - south;
        // A margin of a tenth on each side leaves room for outlines and labels around the outermost grids.
        _scale = 800 / Math.Max(Math.Max(width, height), 1e-9);
    }

    public (double X, double Y) Project(double latitude, double longitude) =>
        (100 + (longitude - _west) * _cosine * _scale, 100 + (_north - latitude) * _scale);
}

/// <summary>The schematic map's geometry, computed once per screen from the city file.</summary>
public static class CityShapes
{
    /// <summary>Space left around grids in an outline or a zoomed view, in map units.</summary>
    public const double Margin = 28;

    public static IReadOnlyList<DistrictShape> Of(CityTopology city)
    {
        var projection = new MapProjection(city.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).SelectMany(c => c.Grids));
        return [.. city.Districts.Select(district =>
        {
            var grids = district.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Grids)
                .Select(g =>
                {
                    var (x, y) = projection.Project(g.Latitude, g.Longitude);
                    return new MapGrid(g, x, y);
                }).ToList();
            var points = grids.Select(g => (g.X, g.Y)).ToList();
            // A square around each grid before taking the hull, so a district of one or two grids still has an area.
            var corners = points.SelectMany(p => new[]
            {
                (p.X - Margin, p.Y - Margin), (p.X + Margin, p.Y - Margin), (p.X + Margin, p.Y + Margin), (p.X - Margin, p.Y + Margin),
            });
            var outline = string.Join(" ", Hull(corners).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.#},{p.Y:0.#}")));
            var box = MapBox.Around(points, Margin * 2);
            return new DistrictShape(
                district.Id, district.Name, outline,
                points.Count == 0 ? 500 : points.Average(p => p.X),
                points.Count == 0 ? 500 : points.Min(p => p.Y) - Margin * 1.5,
                box, grids);
        })];
    }

    /// <summary>The convex hull, counter-clockwise (Andrew's monotone chain).</summary>
    public static IReadOnlyList<(double X, double Y)> Hull(IEnumerable<(double X, double Y)> points)
    {
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToList();
        if (sorted.Count < 3)
        {
            return sorted;
        }

        var hull = new List<(double X, double Y)>();
        foreach (var pass in new[] { sorted, Enumerable.Reverse(sorted).ToList() })
        {
            var start = hull.Count;
            foreach (var point in pass)
            {
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], point) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(point);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        return hull;
    }

    private static double Cross((double X, double Y) o, (double X, double Y) a, (double X, double Y) b) =>
        (a.X - o.X) * (b.Y - o.Y) - (a.Y - o.Y) * (b.X - o.X);
}
