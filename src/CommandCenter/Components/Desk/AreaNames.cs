using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Components.Desk;

/// <summary>Areas and departments of work orders by their names in the city.</summary>
public static class AreaNames
{
    /// <summary>An area's or department's name from the city, else its key (no city loaded, or no longer in it).</summary>
    public static string Of(TicketArea? area, CityDirectory city) =>
        area is null ? "—" : NameOf(area, city) is { } name ? $"{name} ({area.Id})" : area.Key;

    /// <summary>An area given by its key, as audit entries carry it.</summary>
    public static string Of(string? key, CityDirectory city) =>
        key is null ? "" : TicketArea.TryParse(key, out var area) ? Of(area, city) : key;

    private static string? NameOf(TicketArea area, CityDirectory city) =>
        area.Level == TicketAreaLevel.Department ? city.FindDepartment(area.Id)?.Name : city.FindArea(area.Key)?.Name;
}
