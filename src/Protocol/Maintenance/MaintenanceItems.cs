using System.Text.Json;

namespace CommandCenter.Protocol;

/// <summary>One maintenance item: the id records refer to, its name, and whether the name is still to be filled in.</summary>
public sealed record MaintenanceItem(string Id, string Name, bool Placeholder = false);

/// <summary>
/// The maintenance items of one kind of lift (a file such as <c>tsg-t5002-traction.json</c>): the items each
/// period adds. A period requires its own items and those of every shorter one, so a yearly visit is also a
/// half-yearly, quarterly and half-monthly one.
/// </summary>
public sealed record MaintenanceItems(
    string Standard,
    string? Note,
    IReadOnlyList<MaintenanceItem> HalfMonth,
    IReadOnlyList<MaintenanceItem> Quarterly,
    IReadOnlyList<MaintenanceItem> HalfYear,
    IReadOnlyList<MaintenanceItem> Yearly)
{
    /// <summary>The file shipped with this build: TSG T5002-2017 for traction lifts (31, 44, 59 and 76 items).</summary>
    public const string TractionFileName = "tsg-t5002-traction.json";

    private static readonly Lazy<MaintenanceItems> Shipped = new(() =>
    {
        using var stream = typeof(MaintenanceItems).Assembly.GetManifestResourceStream(TractionFileName)
            ?? throw new InvalidOperationException($"{TractionFileName} is not embedded in {typeof(MaintenanceItems).Assembly.GetName().Name}");
        return Parse(stream, TractionFileName);
    });

    /// <summary>TSG T5002-2017's items for traction lifts, as shipped.</summary>
    public static MaintenanceItems Traction => Shipped.Value;

    /// <summary>Every item a visit of <paramref name="type"/> must cover, shortest period first.</summary>
    public IReadOnlyList<MaintenanceItem> RequiredFor(MaintenanceType type) => type switch
    {
        MaintenanceType.HalfMonth => HalfMonth,
        MaintenanceType.Quarterly => [.. HalfMonth, .. Quarterly],
        MaintenanceType.HalfYear => [.. HalfMonth, .. Quarterly, .. HalfYear],
        MaintenanceType.Yearly => [.. HalfMonth, .. Quarterly, .. HalfYear, .. Yearly],
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>Ids of the items a visit of <paramref name="type"/> must cover and <paramref name="done"/> lacks, in list order.</summary>
    public IReadOnlyList<string> Missing(MaintenanceType type, IEnumerable<string> done)
    {
        var doneIds = done.ToHashSet(StringComparer.Ordinal);
        return [.. RequiredFor(type).Select(item => item.Id).Where(id => !doneIds.Contains(id))];
    }

    /// <summary>Reads an item file; throws <see cref="InvalidDataException"/> naming the file and every problem.</summary>
    public static MaintenanceItems Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Parse(stream, Path.GetFullPath(path));
    }

    private static MaintenanceItems Parse(Stream stream, string name)
    {
        MaintenanceItems? items;
        try
        {
            items = JsonSerializer.Deserialize(stream, ProtocolJson.Default.MaintenanceItems);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{name}: not a maintenance item file: {ex.Message}", ex);
        }

        var problems = items is null ? ["it holds null"] : Problems(items);
        return problems.Count == 0
            ? items!
            : throw new InvalidDataException($"{name}: not a maintenance item file: {string.Join("; ", problems)}");
    }

    private static List<string> Problems(MaintenanceItems items)
    {
        var problems = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (period, list) in new[] { ("halfMonth", items.HalfMonth), ("quarterly", items.Quarterly), ("halfYear", items.HalfYear), ("yearly", items.Yearly) })
        {
            if (list is null)
            {
                problems.Add($"{period} is missing");
                continue;
            }

            foreach (var item in list)
            {
                if (string.IsNullOrWhiteSpace(item?.Id) || string.IsNullOrWhiteSpace(item.Name))
                {
                    problems.Add($"{period}: an item without an id or a name");
                }
                else if (item.Id.Length > MessageSchemas.MaxItemIdLength)
                {
                    problems.Add($"{period}: {item.Id} is longer than the {MessageSchemas.MaxItemIdLength} characters a record may send");
                }
                else if (!ids.Add(item.Id))
                {
                    problems.Add($"{period}: {item.Id} is listed twice");
                }
            }
        }

        if (problems.Count == 0 && ids.Count > MessageSchemas.MaxItemsDone)
        {
            problems.Add($"a yearly visit would need {ids.Count} items, more than the {MessageSchemas.MaxItemsDone} a record may send");
        }

        return problems;
    }
}
