using System.Diagnostics.Metrics;

using CommandCenter.Notifications.Store;

namespace CommandCenter.Notifications;

/// <summary>The meter <c>CommandCenter.Notifications</c>: every delivery attempt by channel and result.</summary>
public sealed class NotificationMetrics
{
    public const string MeterName = "CommandCenter.Notifications";

    private readonly Counter<long> _deliveries;

    public NotificationMetrics(IMeterFactory meters) =>
        _deliveries = meters.Create(MeterName).CreateCounter<long>("commandcenter.notifications.deliveries", "{attempt}",
            "Delivery attempts by channel and result: sent, retry (failed, tried again later) or failed (gave up).");

    public void Attempted(string channel, DeliveryStatus status) =>
        _deliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("result", status switch
        {
            DeliveryStatus.Sent => "sent",
            DeliveryStatus.Failed => "failed",
            _ => "retry",
        }));
}
