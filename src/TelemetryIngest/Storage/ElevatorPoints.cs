namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>Names of the elevator status series, used by writers and history queries alike.</summary>
public static class ElevatorPoints
{
    public const string Measurement = "elevator_status";
    public const string EscalatorMeasurement = "escalator_status";
    public const string DeviceTag = "device_id";
}
