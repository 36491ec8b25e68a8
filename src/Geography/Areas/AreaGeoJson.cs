using System.Globalization;
using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace CommandCenter.Geography.Areas;

/// <summary>
/// Reads and writes area outlines as a GeoJSON FeatureCollection (RFC 7946: WGS-84, [longitude, latitude]) of
/// Polygon and MultiPolygon features whose properties are <c>level</c> (district, street, community, grid),
/// <c>id</c>, <c>name</c>, optionally <c>label</c> ([longitude, latitude]) and <c>surveyed</c> (true for a city's
/// own imported outline; left out for a generated one). The writer puts one feature on a
/// line and coordinates to 6 decimals (about 0.1 m), so the files diff well and are reproduced byte for byte.
/// </summary>
public static class AreaGeoJson
{
    private static readonly GeometryFactory Factory = Geo.Factory;

    public static void Write(string path, IEnumerable<AreaShape> shapes) =>
        File.WriteAllText(path, ToText(shapes), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

    public static string ToText(IEnumerable<AreaShape> shapes)
    {
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[\n");
        var first = true;
        foreach (var shape in shapes)
        {
            if (!first)
            {
                text.Append(",\n");
            }

            first = false;
            text.Append("{\"type\":\"Feature\",\"properties\":{\"level\":\"").Append(LevelName(shape.Kind))
                .Append("\",\"id\":").Append(JsonSerializer.Serialize(shape.Id))
                .Append(",\"name\":").Append(JsonSerializer.Serialize(shape.Name, Unescaped));
            if (shape.Label is { } label)
            {
                text.Append(",\"label\":");
                AppendPosition(text, label);
            }

            if (shape.Surveyed)
            {
                text.Append(",\"surveyed\":true");
            }

            text.Append("},\"geometry\":");
            AppendGeometry(text, shape.Geometry);
            text.Append('}');
        }

        return text.Append("\n]}\n").ToString();
    }

    /// <summary>Reads the shapes of a file; throws <see cref="InvalidDataException"/> naming the file, and the feature that is not understood.</summary>
    public static IReadOnlyList<AreaShape> Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    public static IReadOnlyList<AreaShape> Read(Stream stream, string source)
    {
        using var document = Parse(stream, source);
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{source}: not a GeoJSON FeatureCollection (no \"features\" array)");
        }

        var shapes = new List<AreaShape>();
        var index = 0;
        foreach (var feature in features.EnumerateArray())
        {
            try
            {
                shapes.Add(ReadFeature(feature));
            }
            catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
            {
                throw new InvalidDataException($"{source}: feature {index}: {ex.Message}", ex);
            }

            index++;
        }

        return shapes;
    }

    private static JsonDocument Parse(Stream stream, string source)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not JSON: {ex.Message}", ex);
        }
    }

    public static string LevelName(AreaKind kind) => kind.ToString().ToLowerInvariant();

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static AreaShape ReadFeature(JsonElement feature)
    {
        var properties = feature.GetProperty("properties");
        var level = properties.GetProperty("level").GetString() ?? "";
        if (!Enum.TryParse<AreaKind>(level, ignoreCase: true, out var kind) || LevelName(kind) != level)
        {
            throw new FormatException($"level \"{level}\" is none of district, street, community, grid");
        }

        var id = properties.GetProperty("id").GetString() ?? throw new FormatException("no id");
        var name = properties.TryGetProperty("name", out var nameElement) ? nameElement.GetString() ?? "" : "";
        Coordinate? label = properties.TryGetProperty("label", out var labelElement) ? Position(labelElement) : null;
        var surveyed = properties.TryGetProperty("surveyed", out var surveyedElement) && surveyedElement.ValueKind == JsonValueKind.True;
        var geometry = feature.GetProperty("geometry");
        var type = geometry.GetProperty("type").GetString();
        var coordinates = geometry.GetProperty("coordinates");
        Geometry shape = type switch
        {
            "Polygon" => Polygon(coordinates),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. coordinates.EnumerateArray().Select(Polygon)]),
            _ => throw new FormatException($"geometry type \"{type}\" of {id} is not Polygon or MultiPolygon"),
        };
        return new AreaShape(kind, id, name, shape, label, surveyed);
    }

    private static Polygon Polygon(JsonElement rings)
    {
        var linear = rings.EnumerateArray().Select(ring => Factory.CreateLinearRing([.. ring.EnumerateArray().Select(Position)])).ToArray();
        return Factory.CreatePolygon(linear[0], linear[1..]);
    }

    private static Coordinate Position(JsonElement position) => new(position[0].GetDouble(), position[1].GetDouble());

    private static void AppendGeometry(StringBuilder text, Geometry geometry)
    {
        switch (geometry)
        {
            case Polygon polygon:
                text.Append("{\"type\":\"Polygon\",\"coordinates\":");
                AppendPolygon(text, polygon);
                text.Append('}');
                break;
            case MultiPolygon multi:
                text.Append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
                for (var i = 0; i < multi.NumGeometries; i++)
                {
                    if (i > 0)
                    {
                        text.Append(',');
                    }

                    AppendPolygon(text, (Polygon)multi.GetGeometryN(i));
                }

                text.Append("]}");
                break;
            default:
                throw new ArgumentException($"a {geometry.GeometryType} is not an area outline", nameof(geometry));
        }
    }

    private static void AppendPolygon(StringBuilder text, Polygon polygon)
    {
        text.Append('[');
        AppendRing(text, polygon.ExteriorRing);
        foreach (var hole in polygon.InteriorRings)
        {
            text.Append(',');
            AppendRing(text, hole);
        }

        text.Append(']');
    }

    private static void AppendRing(StringBuilder text, LineString ring)
    {
        text.Append('[');
        for (var i = 0; i < ring.NumPoints; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            AppendPosition(text, ring.GetCoordinateN(i));
        }

        text.Append(']');
    }

    private static void AppendPosition(StringBuilder text, Coordinate position) =>
        text.Append('[').Append(Number(position.X)).Append(',').Append(Number(position.Y)).Append(']');

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
