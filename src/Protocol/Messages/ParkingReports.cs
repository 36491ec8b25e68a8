namespace CommandCenter.Protocol;

/// <summary>A berth sensor (geomagnetic, NB-IoT/LoRa): sent on every change and as a heartbeat.</summary>
/// <param name="Occupied">Whether a vehicle stands on the berth.</param>
/// <param name="BatteryMv">Battery voltage in millivolts.</param>
/// <param name="Rssi">Signal strength in dBm.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record BerthStateReport(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    bool Occupied,
    int BatteryMv,
    int Rssi) : IWireMessage;

/// <summary>A parking lot's gate counters, cumulative since the counter was installed.</summary>
/// <param name="EntriesTotal">Vehicles that entered, all time.</param>
/// <param name="ExitsTotal">Vehicles that left, all time.</param>
[Orleans.GenerateSerializer, Orleans.Immutable]
public sealed record LotGateReport(
    int Schema,
    string DeviceId,
    long Seq,
    DateTimeOffset Ts,
    long EntriesTotal,
    long ExitsTotal) : IWireMessage;
