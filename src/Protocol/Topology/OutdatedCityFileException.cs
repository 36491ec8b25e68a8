namespace CommandCenter.Protocol;

/// <summary>
/// A city file of an older version than this build reads. Versions 1 to 4 placed the city on a schematic map with
/// generated ids; this one needs real WGS-84 positions and official codes, which cannot be derived from a schematic
/// map, so the message says to regenerate the city (or, for a real city, to write it from its GIS data). A version 5
/// file lacks only the property-firm registry: the message says to upgrade it (<see cref="CanUpgrade"/>).
/// An <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed: tools that report files they
/// cannot read report this one the same way.
/// </summary>
public sealed class OutdatedCityFileException(string path, int version)
    : IOException(version == CityTopology.LastVersionWithoutPropertyFirms ? UpgradeMessage(path, version) : RegenerateMessage(path, version))
{
    /// <summary>The file's path, as a full path.</summary>
    public string Path { get; } = path;

    /// <summary>The version the file has.</summary>
    public int Version { get; } = version;

    /// <summary>The simulators' <c>upgrade</c> verb brings the file to the current version, keeping everything in it.</summary>
    public bool CanUpgrade => Version == CityTopology.LastVersionWithoutPropertyFirms;

    private static string UpgradeMessage(string path, int version) =>
        $"{path}: a version {version} city file; this build reads version {CityTopology.CurrentVersion}, which adds the registry of property-service firms " +
        $"(propertyFirms). Upgrade it in place, keeping everything in it, with an empty registry: 'CommandCenter.Simulators upgrade --city {path}' " +
        "(then add the city's property firms to it), or regenerate a demo city ('CommandCenter.Simulators city --out " +
        $"{System.IO.Path.GetDirectoryName(path)} --force', which also replaces the devices and their secrets) to get generated firms (docs/points-and-property-firms.md)";

    private static string RegenerateMessage(string path, int version) =>
        $"{path}: a version {version} city file; this build reads version {CityTopology.CurrentVersion}, which places the city on the real " +
        "administrative tree (official codes as ids) at real WGS-84 positions, with the outlines of its areas in city-areas.geojson beside it. " +
        "A schematic map's positions cannot be turned into real ones, so there is no upgrade: regenerate the data folder's city " +
        $"('CommandCenter.Simulators city --out {System.IO.Path.GetDirectoryName(path)} --force', which also replaces the devices and their secrets; " +
        "alarms, tickets and history recorded under the old ids stay in the stores but no longer match a place), " +
        $"or, for a real city, write a version {CityTopology.CurrentVersion} file from its own data (docs/geography.md)";
}
