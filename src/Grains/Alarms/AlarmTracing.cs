using System.Diagnostics;

namespace CommandCenter.Grains.Alarms;

/// <summary>The activity source <c>CommandCenter.Alarms</c>: one span per alarm step (open, act, arrival deadline).</summary>
public static class AlarmTracing
{
    public const string SourceName = "CommandCenter.Alarms";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A step's span, or null when nobody listens or it is not sampled.</summary>
    public static Activity? StartStep(string step, string alarmId)
    {
        var activity = Source.StartActivity(step);
        activity?.SetTag("commandcenter.alarm.id", alarmId);
        return activity;
    }
}
