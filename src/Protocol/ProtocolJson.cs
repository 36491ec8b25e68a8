using System.Text.Json.Serialization;

namespace CommandCenter.Protocol;

/// <summary>Source-generated JSON for every wire record: camelCase names, no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ElevatorStatusReport))]
public sealed partial class ProtocolJson : JsonSerializerContext;
