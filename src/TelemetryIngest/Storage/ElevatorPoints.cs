using CommandCenter.Protocol;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>How elevator status is laid out in the time series: one series per device.</summary>
public static class ElevatorPoints
{
    public const string Measurement = "elevator_status";
    public const string DeviceTag = "device_id";

    public static string ToLineProtocol(ElevatorStatusReport report) =>
        PointData.Measurement(Measurement)
            .Tag(DeviceTag, report.DeviceId)
            .Field("floor", report.Floor)
            .Field("direction", (int)report.Direction)
            .Field("door", (int)report.Door)
            .Field("running", report.Running)
            .Field("mode", (int)report.Mode)
            .Field("seq", report.Seq)
            .Timestamp(report.Ts, WritePrecision.Ms)
            .ToLineProtocol();
}
