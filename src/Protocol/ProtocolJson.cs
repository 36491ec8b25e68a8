using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>Source-generated JSON for every wire record: camelCase names, no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ElevatorStatusReport))]
[JsonSerializable(typeof(ElevatorEventReport))]
[JsonSerializable(typeof(EscalatorStatusReport))]
[JsonSerializable(typeof(BerthStateReport))]
[JsonSerializable(typeof(LotGateReport))]
[JsonSerializable(typeof(PresenceReport))]
[JsonSerializable(typeof(DailyCheckRecord))]
[JsonSerializable(typeof(WeeklyInvestigationRecord))]
[JsonSerializable(typeof(MonthlySchedulingRecord))]
[JsonSerializable(typeof(MaintenanceRecord))]
[JsonSerializable(typeof(DeviceRegistryFile))]
[JsonSerializable(typeof(DemoCredentialsFile))]
[JsonSerializable(typeof(CityTopology))]
[JsonSerializable(typeof(MaintenanceType))]
[JsonSerializable(typeof(MaintenanceItems))]
public sealed partial class ProtocolJson : JsonSerializerContext;
