using System.Text.Json;
using NetTopologySuite.Geometries;

namespace CommandCenter.Geography.Sources;

/// <summary>One feature of an ECharts map as published: its name, label point and polygons, still in the map's datum.</summary>
/// <param name="Name">The feature's name (a district's, 兴庆区).</param>
/// <param name="Label">Where ECharts draws the name (<c>cp</c>), when given.</param>
/// <param name="Polygons">Each polygon's rings (outer first) as (longitude, latitude) pairs.</param>
public sealed record EChartsFeature(string Name, (double Longitude, double Latitude)? Label, IReadOnlyList<IReadOnlyList<IReadOnlyList<(double Longitude, double Latitude)>>> Polygons);

/// <summary>
/// Reads an ECharts map script (<c>echarts.registerMap('name', {FeatureCollection})</c>) whose rings are in ECharts'
/// <c>UTF8Encoding</c> form, as ECharts' own <c>decodePolygon</c> does: each ring is a string of character pairs;
/// a character minus 64 is a zig-zag encoded delta (<c>(v &gt;&gt; 1) ^ -(v &amp; 1)</c>) from the previous point, the first
/// from the ring's <c>encodeOffsets</c>; the running sums divided by 1024 are longitude and latitude in degrees.
/// </summary>
public static class EChartsMapDecoder
{
    private const double EncodeScale = 1024;

    /// <summary>The features of a map script; throws <see cref="InvalidDataException"/> when the script holds no map.</summary>
    public static IReadOnlyList<EChartsFeature> ReadScript(string script)
    {
        var call = script.IndexOf("registerMap(", StringComparison.Ordinal);
        var start = call < 0 ? -1 : script.IndexOf('{', call);
        var end = script.LastIndexOf("});", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidDataException("not an ECharts map script: no registerMap(name, {...}) call");
        }

        using var document = JsonDocument.Parse(script[start..(end + 1)]);
        var root = document.RootElement;
        var encoded = root.TryGetProperty("UTF8Encoding", out var flag) && flag.GetBoolean();
        return [.. root.GetProperty("features").EnumerateArray().Select(feature => ReadFeature(feature, encoded))];
    }

    /// <summary>Decodes one ring: the encoded string and the ring's offsets [x, y] (in 1/1024 degrees).</summary>
    public static IReadOnlyList<(double Longitude, double Latitude)> DecodeRing(string encoded, int offsetX, int offsetY)
    {
        var ring = new List<(double, double)>(encoded.Length / 2);
        var (x, y) = (offsetX, offsetY);
        for (var i = 0; i + 1 < encoded.Length; i += 2)
        {
            x += ZigZag(encoded[i] - 64);
            y += ZigZag(encoded[i + 1] - 64);
            ring.Add((x / EncodeScale, y / EncodeScale));
        }

        return ring;
    }

    private static int ZigZag(int value) => (value >> 1) ^ -(value & 1);

    private static EChartsFeature ReadFeature(JsonElement feature, bool encoded)
    {
        var properties = feature.GetProperty("properties");
        var name = properties.GetProperty("name").GetString() ?? "";
        (double, double)? label = properties.TryGetProperty("cp", out var cp) ? (cp[0].GetDouble(), cp[1].GetDouble()) : null;
        var geometry = feature.GetProperty("geometry");
        var coordinates = geometry.GetProperty("coordinates");
        var offsets = encoded ? geometry.GetProperty("encodeOffsets") : default;
        var polygons = geometry.GetProperty("type").GetString() switch
        {
            "Polygon" => [ReadPolygon(coordinates, offsets, encoded)],
            "MultiPolygon" => coordinates.EnumerateArray()
                .Select((polygon, p) => ReadPolygon(polygon, encoded ? offsets[p] : default, encoded)).ToList(),
            var type => throw new InvalidDataException($"feature {name}: geometry {type} is not a polygon"),
        };
        return new EChartsFeature(name, label, polygons);
    }

    private static IReadOnlyList<IReadOnlyList<(double, double)>> ReadPolygon(JsonElement rings, JsonElement offsets, bool encoded) =>
        [.. rings.EnumerateArray().Select((ring, r) => encoded
            ? DecodeRing(ring.GetString() ?? "", offsets[r][0].GetInt32(), offsets[r][1].GetInt32())
            : (IReadOnlyList<(double, double)>)[.. ring.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble()))])];

    /// <summary>
    /// The feature as WGS-84 geometry: every vertex converted from GCJ-02 (<see cref="Datum.Gcj02.ToWgs84"/>) and
    /// rounded to <see cref="Geo.Precision"/>, rings closed, and the result made valid (a source ring that touches
    /// itself becomes separate polygons rather than a geometry the overlay cannot use).
    /// </summary>
    public static Geometry ToWgs84Geometry(EChartsFeature feature)
    {
        var polygons = feature.Polygons.Select(rings =>
        {
            var linear = rings.Select(ring =>
            {
                var points = ring.Select(p => Datum.Gcj02.ToWgs84(p.Latitude, p.Longitude)).Select(p => Geo.Position(p.Latitude, p.Longitude)).ToList();
                if (!points[0].Equals2D(points[^1]))
                {
                    points.Add(points[0].Copy());
                }

                return Geo.Factory.CreateLinearRing([.. points]);
            }).ToArray();
            return Geo.Factory.CreatePolygon(linear[0], linear[1..]);
        }).ToArray();
        Geometry geometry = polygons.Length == 1 ? polygons[0] : Geo.Factory.CreateMultiPolygon(polygons);
        return geometry.IsValid ? geometry : NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(geometry);
    }
}
