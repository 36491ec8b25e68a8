namespace CommandCenter.Geography.Sources;

/// <summary>
/// One row of <c>china-division</c>'s CSV files: an official code, the name, and the code of the parent
/// (for a district its city, for a street its district, for a community its street).
/// </summary>
public sealed record DivisionRow(string Code, string Name, string ParentCode);

/// <summary>
/// Reads <c>china-division</c>'s CSV files (<c>areas.csv</c>: code,name,cityCode,provinceCode; <c>streets.csv</c>:
/// code,name,areaCode,…; <c>villages.csv</c>: code,name,streetCode,…). Names are quoted and never contain a quote
/// or comma, codes are digits; the parent is the third column in all three.
/// </summary>
public static class DivisionRows
{
    public static IReadOnlyList<DivisionRow> Parse(string csv) =>
        [.. Lines(csv).Skip(1).Select(Row)];

    /// <summary>The header and the rows whose code starts with <paramref name="codePrefix"/>, as they were (the committed subset).</summary>
    public static string Filter(string csv, string codePrefix)
    {
        var lines = Lines(csv).ToList();
        return string.Concat(lines.Take(1).Concat(lines.Skip(1).Where(l => l.StartsWith(codePrefix, StringComparison.Ordinal))).Select(l => l + "\n"));
    }

    private static IEnumerable<string> Lines(string csv) =>
        csv.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0);

    private static DivisionRow Row(string line)
    {
        var fields = line.Split(',');
        if (fields.Length < 3)
        {
            throw new InvalidDataException($"not a division row (code,name,parent,…): {line}");
        }

        return new DivisionRow(fields[0], fields[1].Trim('"'), fields[2]);
    }
}
