using System.Text.Json;
using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.BrowserTests;

/// <summary>
/// The demo city for the wall: a data folder with its <c>city.json</c> (and its outlines) and a registry in which every
/// elevator, berth sensor and lot gate of it can connect with <see cref="TestDevices.SecretFor"/>,
/// and helpers that publish as those devices.
/// </summary>
public static class WallCity
{
    public static CityTopology City => TestCity.Demo;

    /// <summary>A new temporary data folder with the demo city and its devices; the caller deletes it.</summary>
    public static string CreateDataFolder()
    {
        var folder = Directory.CreateTempSubdirectory("cc-wall-").FullName;
        CityAreasFile.Save(Path.Combine(folder, CityAreasFile.FileName), TestCity.DemoWithAreas.Areas);
        CityTopologyFile.Save(Path.Combine(folder, CityTopologyFile.FileName), City);
        var registry = TestDevices.Registry(City);
        var parking = City.Lots
            .SelectMany(lot => lot.BerthSensorIds.Select(id => Register(id, DeviceKind.Berth)).Append(Register(lot.Id, DeviceKind.Lot)));
        File.WriteAllBytes(
            Path.Combine(folder, "devices.json"),
            JsonSerializer.SerializeToUtf8Bytes(registry with { Devices = [.. registry.Devices, .. parking] }, ProtocolJson.Default.DeviceRegistryFile));
        return folder;
    }

    /// <summary>Connects as the device, publishes one message and waits for the broker's PUBACK.</summary>
    public static async Task PublishAsync(int mqttPort, string deviceId, MessageKind kind, string payload)
    {
        await using var device = await MqttTestClient.ConnectAsync(mqttPort, deviceId);
        var ack = await device.PublishAsync(Topics.For(kind, deviceId), payload);
        ack.IsSuccess.ShouldBeTrue(ack.ReasonString);
    }

    public static string Berth(string sensorId, long seq, bool occupied) =>
        JsonSerializer.Serialize(
            new BerthStateReport(ElevatorStatusReport.CurrentSchema, sensorId, seq, DateTimeOffset.UtcNow, occupied, 3600, -80),
            ProtocolJson.Default.BerthStateReport);

    private static DeviceRegistration Register(string id, DeviceKind kind) => DeviceSecrets.Register(id, kind, TestDevices.SecretFor(id));
}
