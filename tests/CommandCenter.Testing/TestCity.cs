using System.Text.Json;
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
    public static CityTopology Demo { get; } = CityGenerator.Generate(CityGeneratorOptions.Demo);

    /// <summary>A new temporary data folder holding the demo city; the caller deletes it.</summary>
    public static string CreateDataFolder()
    {
        var folder = Directory.CreateTempSubdirectory("cc-city-").FullName;
        CityTopologyFile.Save(Path.Combine(folder, CityTopologyFile.FileName), Demo);
        TestDevices.WriteRegistryTo(folder, Demo);
        return folder;
    }

    /// <summary>A city as a build before departments wrote it: version 1, without a departments list, escalators flagged (as in version 3).</summary>
    public static string Version1Json(CityTopology city)
    {
        var json = Version3Node(city);
        json["version"] = 1;
        json.Remove("departments");
        return json.ToJsonString();
    }

    /// <summary>A city as a build before escalator devices wrote it: version 3, each elevator with <c>"escalator": true/false</c> instead of a kind.</summary>
    public static string Version3Json(CityTopology city) => Version3Node(city).ToJsonString();

    private static System.Text.Json.Nodes.JsonObject Version3Node(CityTopology city)
    {
        var json = JsonSerializer.SerializeToNode(city, ProtocolJson.Default.CityTopology)!.AsObject();
        json["version"] = 3;
        foreach (var elevator in json["elevators"]!.AsArray().Select(e => e!.AsObject()))
        {
            elevator["escalator"] = (string?)elevator["kind"] == "escalator";
            elevator.Remove("kind");
        }

        return json;
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
