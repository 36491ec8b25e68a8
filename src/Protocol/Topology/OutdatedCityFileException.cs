namespace CommandCenter.Protocol;

/// <summary>
/// A city file of an older version than this build reads. The message says how to bring it up to
/// date in place (<see cref="CityTopologyFile.Upgrade"/>, the simulators' <c>upgrade</c> verb) or by hand.
/// An <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed: tools that report
/// files they cannot read report this one the same way.
/// </summary>
public sealed class OutdatedCityFileException(string path, int version)
    : IOException(
        $"{path}: a version {version} city file; this build reads version {CityTopology.CurrentVersion}, which adds {WhatIsNewSince(version)}. " +
        $"Upgrade it in place, keeping everything in it: 'CommandCenter.Simulators upgrade --city {path}' " +
        $"{HowTheUpgradeFillsIt(version)} and sets version {CityTopology.CurrentVersion}; or make those changes by hand and set \"version\": {CityTopology.CurrentVersion}")
{
    /// <summary>The city file, as a full path.</summary>
    public string Path { get; } = path;

    /// <summary>The version the file has.</summary>
    public int Version { get; } = version;

    private static string WhatIsNewSince(int version) => string.Join(" and ", new[]
    {
        version < 2 ? "the city's functional departments (职能部门) that work orders are dispatched to" : null,
        version < 3 ? "phone numbers: safety officers, safety directors and districts' command centers as { name, phone }, and firms' on-call contacts (onCall)" : null,
        version < 4 ? "escalators as a kind of their own: each elevator's \"kind\" (elevator or escalator) in place of \"escalator\": true/false, and escalator devices registered as escalator" : null,
    }.OfType<string>());

    private static string HowTheUpgradeFillsIt(int version) => string.Join(", ", new[]
    {
        version < 2 ? $"adds the default departments ({string.Join(", ", Department.Defaults.Select(d => $"{d.Id} {d.Name}"))})" : null,
        version < 3 ? "keeps every name with an empty phone and gives each firm an empty onCall list (a real city's numbers cannot be made up: fill them in)" : null,
        version < 4 ? "turns \"escalator\": true into \"kind\": \"escalator\" (ids kept) and re-registers those devices as escalator in devices.json and demo-credentials.json beside the city" : null,
    }.OfType<string>());
}
