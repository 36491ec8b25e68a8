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

/// <summary>A district on the schematic map: the outline around its grids, where its name goes, and the box to zoom to.</summary>
public sealed record DistrictShape(string Id, string Name, string Outline, double LabelX, double LabelY, MapBox Box, IReadOnlyList<Grid> Grids);

/// <summary>The schematic map's geometry, computed once per screen from the city file.</summary>
public static class CityShapes
{
    /// <summary>Space left around grids in an outline or a zoomed view, in map units.</summary>
    public const double Margin = 28;

    public static IReadOnlyList<DistrictShape> Of(CityTopology city) =>
        [.. city.Districts.Select(district =>
        {
            var grids = district.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Grids).ToList();
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
