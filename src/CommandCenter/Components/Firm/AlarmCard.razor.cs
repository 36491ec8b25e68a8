using CommandCenter.Grains.Abstractions;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Firm;

/// <summary>One open alarm: where, since when, the arrival countdown, its steps, and the next step with a comment.</summary>
public sealed partial class AlarmCard : ComponentBase
{
    private const int MaxComment = 500;

    private string? _comment;
    private string? _error;
    private bool _busy;

    [Parameter, EditorRequired]
    public AlarmSnapshot Alarm { get; set; } = default!;

    [Parameter]
    public string? Address { get; set; }

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    /// <summary>Takes the step; answers null when done, else why it was refused.</summary>
    [Parameter, EditorRequired]
    public Func<AlarmSnapshot, AlarmAction, string?, Task<string?>> OnAct { get; set; } = default!;

    private bool IsLate => Alarm.ArrivalDueAt is { } due && Now > due;

    private async Task ActAsync(AlarmAction action)
    {
        _busy = true;
        try
        {
            _error = await OnAct(Alarm, action, ConsoleFormat.Typed(_comment));
            if (_error is null)
            {
                _comment = null;
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
