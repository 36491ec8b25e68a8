namespace CommandCenter.Protocol;

/// <summary>
/// A city file of an older version than this build reads. The message says how to bring it up to
/// date in place (<see cref="CityTopologyFile.Upgrade"/>, the simulators' <c>upgrade</c> verb) or by hand.
/// An <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed: tools that report
/// files they cannot read report this one the same way.
/// </summary>
public sealed class OutdatedCityFileException(string path, int version)
    : IOException(
        $"{path}: a version {version} city file; this build reads version {CityTopology.CurrentVersion}, which adds the city's " +
        $"functional departments (职能部门) that work orders are dispatched to. Upgrade it in place, keeping everything in it: " +
        $"'CommandCenter.Simulators upgrade --city {path}' adds the default departments " +
        $"({string.Join(", ", Department.Defaults.Select(d => $"{d.Id} {d.Name}"))}) and sets version {CityTopology.CurrentVersion}; " +
        $"or add a \"departments\" list of {{\"id\", \"name\"}} by hand and set \"version\": {CityTopology.CurrentVersion}")
{
    /// <summary>The city file, as a full path.</summary>
    public string Path { get; } = path;

    /// <summary>The version the file has.</summary>
    public int Version { get; } = version;
}
