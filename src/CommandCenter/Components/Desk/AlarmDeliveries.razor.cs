using CommandCenter.Notifications;
using CommandCenter.Notifications.Store;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Desk;

/// <summary>
/// Who an alarm reached outside the consoles: every delivery of the notification outbox (channel,
/// recipient, step, time, result, attempts), as <c>GET /api/alarms/notifications</c> lists them. The desk
/// is for operators, who act on these people, so phones are shown whole. Read again whenever the alarm
/// moves on (an escalation step adds deliveries) and on request (a retry changes a result).
/// </summary>
public sealed partial class AlarmDeliveries : ComponentBase
{
    private IReadOnlyList<OutboxDelivery> _deliveries = [];
    private (string? Id, int Progress) _loadedFor;

    [Inject]
    private NotificationOutbox Outbox { get; set; } = default!;

    [Inject]
    private TimeProvider Time { get; set; } = default!;

    [Parameter, EditorRequired]
    public string AlarmId { get; set; } = "";

    /// <summary>How far the alarm has moved on; the deliveries are read again when it grows.</summary>
    [Parameter]
    public int AlarmProgress { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor != (AlarmId, AlarmProgress))
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loadedFor = (AlarmId, AlarmProgress);
        _deliveries = await Outbox.ListAsync(NotificationOutbox.AlarmSubject(AlarmId));
    }
}
