using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Localization;

namespace CommandCenter.Tickets;

/// <summary>
/// Places a reported location in the city's tree: coordinates resolve to their grid (<see cref="CityDirectory.Locate"/>),
/// and a known grid names its community, street and district. Used by every way a work order comes in (the desk's
/// <c>POST /api/tickets</c> and Open311), so both store and answer the same places.
/// </summary>
public static class TicketPlaces
{
    /// <summary>
    /// The location with its grid, community, street and district filled in, or the reason it cannot be taken:
    /// coordinates outside the city's grids, or coordinates in another grid than the one given. Locations without
    /// coordinates, or in a city without area outlines, are only completed from their grid.
    /// </summary>
    public static (TicketLocation? Location, string? Problem) Resolve(TicketLocation location, CityDirectory city, IStringLocalizer<TicketText> text)
    {
        var gridId = location.GridId;
        if (location is { Latitude: { } latitude, Longitude: { } longitude } && city.CanLocate)
        {
            if (city.Locate(latitude, longitude) is not { } place)
            {
                var districts = string.Join("、", city.Topology.Districts.Select(d => $"{d.Name} {d.Id}"));
                return (null, text["Location.OutsideCity", Degrees(latitude), Degrees(longitude), city.Topology.Name, districts]);
            }

            if (gridId is not null && gridId != place.Grid.Id)
            {
                return (null, text["Location.OtherGrid", Degrees(latitude), Degrees(longitude), place.Grid.Id, place.Grid.Name, gridId]);
            }

            gridId = place.Grid.Id;
        }

        return gridId is not null && city.FindGrid(gridId) is { } found
            ? (location with { GridId = gridId, CommunityId = found.Community.Id, StreetId = found.Street.Id, DistrictId = found.District.Id }, null)
            : (location, null);
    }

    private static string Degrees(double value) => value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}
