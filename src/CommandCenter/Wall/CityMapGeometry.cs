using System.Globalization;
using System.Text;
using CommandCenter.Geography.Areas;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace CommandCenter.Wall;

/// <summary>A rectangle of the map in map units (x east, y south), usable as an SVG viewBox.</summary>
public readonly record struct MapBox(double X, double Y, double Width, double Height)
{
    public string ViewBox => string.Create(CultureInfo.InvariantCulture, $"{X:0.###} {Y:0.###} {Width:0.###} {Height:0.###}");

    /// <summary>A size for marks and labels that stays the same on screen whatever the zoom (1 for the whole map).</summary>
    public double Scale => Math.Max(Width, Height) / MapProjection.Size;

    /// <summary>The box around an envelope of map units, with a margin of a twentieth of its larger side each way.</summary>
    public static MapBox Around(Envelope envelope)
    {
        var margin = Math.Max(Math.Max(envelope.Width, envelope.Height), 1) / 20;
        return new MapBox(envelope.MinX - margin, envelope.MinY - margin, envelope.Width + 2 * margin, envelope.Height + 2 * margin);
    }
}

/// <summary>
/// Projects WGS-84 positions onto the map: an equirectangular projection around the middle latitude of the city's
/// outlines (a degree of longitude shrunk by the cosine of that latitude, so shapes keep their proportions at a
/// city's scale), scaled so the city's larger side is <see cref="Size"/> map units, with north up.
/// The SVG's viewBox then fits the map to its panel.
/// </summary>
public sealed class MapProjection
{
    /// <summary>The city's larger side in map units.</summary>
    public const double Size = 1000;

    private readonly double _west;
    private readonly double _north;
    private readonly double _cosine;
    private readonly double _scale;

    /// <param name="degrees">The city's extent: x longitude, y latitude.</param>
    public MapProjection(Envelope degrees)
    {
        if (degrees.IsNull)
        {
            (_west, _north, _cosine, _scale) = (0, 0, 1, 1);
            return;
        }

        (_west, _north) = (degrees.MinX, degrees.MaxY);
        _cosine = Math.Cos((degrees.MinY + degrees.MaxY) / 2 * Math.PI / 180);
        _scale = Size / Math.Max(Math.Max(degrees.Width * _cosine, degrees.Height), 1e-9);
    }

    public (double X, double Y) Project(double latitude, double longitude) =>
        ((longitude - _west) * _cosine * _scale, (_north - latitude) * _scale);
}

/// <summary>
/// An area as the map draws it: its outline as an SVG path in map units, where its name goes, the box to zoom to,
/// the keys (<see cref="AreaKeys"/>) of the areas it is divided into, and whether its outline is a generated one (a
/// street, community or grid the city has not imported its own outline of), which the map labels schematic.
/// </summary>
public sealed record MapArea(
    string Key, string Id, string Name, AreaLevel Level, string Path, double LabelX, double LabelY, MapBox Box, IReadOnlyList<string> ChildKeys,
    bool Generated = false);

/// <summary>
/// The map's drawing of a city, computed once per city (a singleton) rather than per render: every district,
/// street, community and grid outline of <c>city-areas.geojson</c> projected and simplified to what the largest
/// wall shows, keyed by the rollup key of its area.
/// </summary>
public sealed class CityMapGeometry
{
    /// <summary>
    /// Douglas–Peucker tolerance as a share of the area's own box: about a pixel of a map panel 2,500 pixels wide (a
    /// 4K wall), so an area looks the same zoomed to itself and keeps what its parent's view can show of it.
    /// </summary>
    public const double SimplifyShare = 1.0 / 2500;

    private readonly Dictionary<string, MapArea> _areas = new(StringComparer.Ordinal);

    public CityMapGeometry(CityDirectory city)
    {
        var outlines = city.Outlines.ToDictionary(o => Key(o.Kind, o.Id), StringComparer.Ordinal);
        var extent = new Envelope();
        foreach (var district in city.Outlines.Where(o => o.Kind == AreaKind.District))
        {
            extent.ExpandToInclude(district.Geometry.EnvelopeInternal);
        }

        Projection = new MapProjection(extent);
        foreach (var area in city.Areas.Where(a => a.Level != AreaLevel.City))
        {
            if (outlines.TryGetValue(area.Key, out var outline))
            {
                _areas[area.Key] = Draw(area, outline);
            }
        }

        var districts = city.ChildrenOf(AreaKeys.City).Where(_areas.ContainsKey).ToList();
        var cityExtent = new Envelope();
        foreach (var key in districts)
        {
            var box = _areas[key].Box;
            cityExtent.ExpandToInclude(new Envelope(box.X, box.X + box.Width, box.Y, box.Y + box.Height));
        }

        _areas[AreaKeys.City] = new MapArea(
            AreaKeys.City, AreaKeys.City, city.Topology.Name, AreaLevel.City, "", MapProjection.Size / 2, 0,
            cityExtent.IsNull ? new MapBox(0, 0, MapProjection.Size, MapProjection.Size) : new MapBox(cityExtent.MinX, cityExtent.MinY, cityExtent.Width, cityExtent.Height),
            districts);
    }

    public MapProjection Projection { get; }

    /// <summary>Whether the city has outlines to draw.</summary>
    public bool IsEmpty => _areas.Count == 1;

    /// <summary>An area by its rollup key; null when it has no outline.</summary>
    public MapArea? Find(string areaKey) => _areas.GetValueOrDefault(areaKey);

    /// <summary>The drawn areas an area is divided into.</summary>
    public IEnumerable<MapArea> ChildrenOf(MapArea area) => area.ChildKeys.Select(Find).OfType<MapArea>();

    private MapArea Draw(AreaInfo area, AreaShape outline)
    {
        var projected = outline.Geometry.Copy();
        projected.Apply(new ProjectFilter(Projection));
        projected.GeometryChanged();
        var box = MapBox.Around(projected.EnvelopeInternal);
        var simplified = TopologyPreservingSimplifier.Simplify(projected, Math.Max(box.Width, box.Height) * SimplifyShare);
        // The middle of the widest part, not the source's label point: ECharts puts 兴庆区's at its urban core on the
        // western edge, where its name would run into 金凤区's.
        var label = projected.InteriorPoint;
        return new MapArea(area.Key, area.Id, area.Name, area.Level, Path(simplified.IsEmpty ? projected : simplified), label.X, label.Y, box, area.ChildKeys,
            Generated: area.Level > AreaLevel.District && !outline.Surveyed);
    }

    /// <summary>
    /// An SVG path of every ring, holes included (drawn with the even-odd rule), to a thousandth of a map unit: the
    /// city's larger side is 1,000 units, so about 10 cm in Yinchuan, finer than the simplification of a grid.
    /// </summary>
    public static string Path(Geometry geometry)
    {
        var path = new StringBuilder();
        for (var i = 0; i < geometry.NumGeometries; i++)
        {
            if (geometry.GetGeometryN(i) is not Polygon polygon)
            {
                continue;
            }

            Ring(path, polygon.ExteriorRing);
            foreach (var hole in polygon.InteriorRings)
            {
                Ring(path, hole);
            }
        }

        return path.ToString();
    }

    private static void Ring(StringBuilder path, LineString ring)
    {
        var coordinates = ring.Coordinates;
        // A closed ring repeats its first point last; Z closes it instead.
        for (var i = 0; i < coordinates.Length - 1; i++)
        {
            path.Append(i == 0 ? 'M' : 'L').Append(CultureInfo.InvariantCulture, $"{coordinates[i].X:0.###},{coordinates[i].Y:0.###}");
        }

        path.Append('Z');
    }

    private static string Key(AreaKind kind, string id) => kind switch
    {
        AreaKind.District => AreaKeys.District(id),
        AreaKind.Street => AreaKeys.Street(id),
        AreaKind.Community => AreaKeys.Community(id),
        _ => AreaKeys.Grid(id),
    };

    private sealed class ProjectFilter(MapProjection projection) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence sequence)
        {
            for (var i = 0; i < sequence.Count; i++)
            {
                var (x, y) = projection.Project(sequence.GetY(i), sequence.GetX(i));
                sequence.SetX(i, x);
                sequence.SetY(i, y);
            }
        }
    }
}

/// <summary>
/// The map geometry of the city the directory holds now: projected once per city (it is costly for 4,121 grids) and again
/// after a city import switched the directory, so pages opened from then on draw the new city.
/// </summary>
public sealed class CityMapGeometrySource(CityDirectory city)
{
    private readonly CityDerived<CityMapGeometry> _geometry = new(city, current => new CityMapGeometry(current));

    public CityMapGeometry Current => _geometry.Value;
}
