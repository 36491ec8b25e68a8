using System.ComponentModel.DataAnnotations;

namespace CommandCenter.Grains.Alarms;

/// <summary>Alarm rules: severities and the firm's arrival limit. A demo can shorten the limits.</summary>
public sealed class AlarmOptions
{
    public const string Section = "Alarms";

    /// <summary>Arrival limit in urban districts (30 minutes by rule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UrbanArrivalLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Arrival limit elsewhere (60 minutes by rule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RuralArrivalLimit { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Fault codes whose firm must arrive within the limit: the trapped passenger.</summary>
    public List<string> ArrivalLimitCodes { get; set; } = ["11"];

    /// <summary>Fault codes raised as critical.</summary>
    public List<string> CriticalCodes { get; set; } = ["11"];

    /// <summary>Fault codes raised as major (safety faults and the alarm button); all others are minor.</summary>
    public List<string> MajorCodes { get; set; } = ["01", "04", "05", "09", "10", "61", "62", "63", "64", "90"];

    /// <summary>Closed alarms kept in the city's alarm list (the grains keep them all).</summary>
    [Range(10, 100_000)]
    public int RecentClosedKept { get; set; } = 500;
}
