using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace CommandCenter.Geography.Areas;

/// <summary>
/// Answers which grid a WGS-84 position lies in, over the grid shapes of a city (an STR-tree of their envelopes,
/// then an indexed point-in-polygon test of the few candidates).
/// </summary>
/// <remarks>
/// Shared borders are decided one way: a position inside a grid belongs to it; a position exactly on the border of
/// several grids belongs to the one with the smallest id (ordinal). A position in a sliver between neighbouring
/// grids narrower than <see cref="Tolerance"/> (rounding to 10⁻⁶°, or imported outlines that do not quite meet)
/// belongs to the nearest grid; anything farther from every grid is outside the city.
/// </remarks>
public sealed class CityLocator
{
    /// <summary>10⁻⁵° (about 1 m): how far outside every grid a position may be and still count as in the nearest.</summary>
    public const double Tolerance = 1e-5;

    private readonly STRtree<Entry> _index = new();
    private readonly int _count;

    public CityLocator(IEnumerable<AreaShape> shapes)
    {
        foreach (var shape in shapes.Where(s => s.Kind == AreaKind.Grid))
        {
            var envelope = new Envelope(shape.Geometry.EnvelopeInternal);
            envelope.ExpandBy(Tolerance);
            _index.Insert(envelope, new Entry(shape.Id, shape.Geometry, new IndexedPointInAreaLocator(shape.Geometry)));
            _count++;
        }

        _index.Build();
    }

    /// <summary>How many grids the locator knows.</summary>
    public int Grids => _count;

    /// <summary>The id of the grid at the position, or null when it is outside every grid.</summary>
    public string? GridAt(double latitude, double longitude)
    {
        if (_count == 0 || !double.IsFinite(latitude) || !double.IsFinite(longitude))
        {
            return null;
        }

        var point = new Coordinate(longitude, latitude);
        var candidates = _index.Query(new Envelope(point));
        string? onBorder = null;
        foreach (var candidate in candidates)
        {
            switch (candidate.Locator.Locate(point))
            {
                case Location.Interior:
                    return candidate.Id;
                case Location.Boundary when onBorder is null || string.CompareOrdinal(candidate.Id, onBorder) < 0:
                    onBorder = candidate.Id;
                    break;
            }
        }

        if (onBorder is not null)
        {
            return onBorder;
        }

        var probe = Geo.Factory.CreatePoint(point);
        return candidates
            .Select(c => (c.Id, Distance: c.Shape.Distance(probe)))
            .Where(c => c.Distance <= Tolerance)
            .OrderBy(c => c.Distance).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => c.Id)
            .FirstOrDefault();
    }

    private sealed record Entry(string Id, Geometry Shape, IPointOnGeometryLocator Locator);
}
