using System.Text.Json;
using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Testing;

/// <summary>
/// The generated demo city for tests that need firms, elevators and console users: a data folder
/// with its <c>city.json</c> and a device registry in which each of its elevators can connect with
/// <see cref="TestDevices.SecretFor"/>. The command center seeds its demo console users from it.
/// </summary>
public static class TestCity
{
    /// <summary>The demo city and the outlines of its areas (<c>city-areas.geojson</c>).</summary>
    public static GeneratedCity DemoWithAreas { get; } = CityGenerator.GenerateWithAreas(CityGeneratorOptions.Demo);

    public static CityTopology Demo => DemoWithAreas.Topology;

    /// <summary>A new temporary data folder holding the demo city and its outlines; the caller deletes it.</summary>
    public static string CreateDataFolder()
    {
        var folder = Directory.CreateTempSubdirectory("cc-city-").FullName;
        CityAreasFile.Save(Path.Combine(folder, CityAreasFile.FileName), DemoWithAreas.Areas);
        CityTopologyFile.Save(Path.Combine(folder, CityTopologyFile.FileName), Demo);
        TestDevices.WriteRegistryTo(folder, Demo);
        return folder;
    }

    /// <summary>The city as if an older build had written it: its JSON with an older <c>version</c> (what the loader looks at first).</summary>
    public static string OlderVersionJson(CityTopology city, int version)
    {
        var json = JsonSerializer.SerializeToNode(city, ProtocolJson.Default.CityTopology)!.AsObject();
        json["version"] = version;
        return json.ToJsonString();
    }

    /// <summary>Ids of the elevators a firm maintains, in id order.</summary>
    public static IReadOnlyList<string> ElevatorsOf(string firmId) =>
        [.. Demo.Elevators.Where(e => e.MaintenanceFirmId == firmId && !e.Escalator).Select(e => e.Id).Order(StringComparer.Ordinal)];

    /// <summary>The two firms maintaining the most lifts, so tests can give each a lift of its own.</summary>
    public static (string A, string B) TwoBusiestFirms()
    {
        var firms = Demo.Firms.Select(f => f.Id).OrderByDescending(id => ElevatorsOf(id).Count).ThenBy(id => id, StringComparer.Ordinal).ToList();
        return (firms[0], firms[1]);
    }

    /// <summary>The demo console user of a firm (<c>firm-FIRM-001</c>), as the command center seeds it.</summary>
    public static string FirmUser(string firmId) => $"firm-{firmId}";
}
