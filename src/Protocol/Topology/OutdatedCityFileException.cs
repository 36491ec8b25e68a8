namespace CommandCenter.Protocol;

/// <summary>
/// A city file of an older version than this build reads. Every older version placed the city on a schematic map
/// with generated ids; this one needs real WGS-84 positions and official codes, which cannot be derived from a
/// schematic map, so the message says to regenerate the city (or, for a real city, to write it from its GIS data).
/// An <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed: tools that report files they
/// cannot read report this one the same way.
/// </summary>
public sealed class OutdatedCityFileException(string path, int version)
    : IOException(
        $"{path}: a version {version} city file; this build reads version {CityTopology.CurrentVersion}, which places the city on the real " +
        "administrative tree (official codes as ids) at real WGS-84 positions, with the outlines of its areas in city-areas.geojson beside it. " +
        "A schematic map's positions cannot be turned into real ones, so there is no upgrade: regenerate the data folder's city " +
        $"('CommandCenter.Simulators city --out {System.IO.Path.GetDirectoryName(path)} --force', which also replaces the devices and their secrets; " +
        "alarms, tickets and history recorded under the old ids stay in the stores but no longer match a place), " +
        "or, for a real city, write a version 5 file from its own data (docs/geography.md)")
{
    /// <summary>The city file, as a full path.</summary>
    public string Path { get; } = path;

    /// <summary>The version the file has.</summary>
    public int Version { get; } = version;
}
