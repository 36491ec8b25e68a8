namespace CommandCenter.Simulators.Parking;

/// <summary>What a parking lot mostly serves, which decides when it fills up.</summary>
public enum LotUse
{
    /// <summary>Residents: full at night, emptier during working hours.</summary>
    Residential,

    /// <summary>Offices and shops: full around midday, nearly empty at night.</summary>
    Commercial,
}

/// <summary>
/// The share of berths occupied over a day: a smooth day/night cosine per lot use; night-time free
/// berths (夜间限时免费停车位) also fill up while their free window is open.
/// </summary>
public static class OccupancyCurve
{
    // Drivers leave their cars on free berths overnight, whatever the lot serves by day.
    private const double NightFreeShare = 0.9;

    // The window the command center uses by default (Parking:NightFreeFrom / NightFreeTo).
    private static readonly TimeOnly NightFreeFrom = new(19, 0);
    private static readonly TimeOnly NightFreeTo = new(7, 0);

    /// <summary>The expected occupied share (0..1) at a local time of day.</summary>
    public static double At(LotUse use, TimeOnly localTime)
    {
        var (mean, swing, peakHour) = use == LotUse.Residential ? (0.55, 0.35, 2.0) : (0.50, 0.35, 13.0);
        var hours = localTime.ToTimeSpan().TotalHours;
        return mean + (swing * Math.Cos(2 * Math.PI * (hours - peakHour) / 24));
    }

    /// <summary>The expected occupied share of a berth that may be night-free, at a local time of day.</summary>
    public static double At(LotUse use, bool nightFree, TimeOnly localTime) =>
        nightFree && localTime.IsBetween(NightFreeFrom, NightFreeTo) ? Math.Max(NightFreeShare, At(use, localTime)) : At(use, localTime);

    /// <summary>The curve at an instant, read in a time zone (the city's local time).</summary>
    public static double At(LotUse use, bool nightFree, DateTimeOffset now, TimeZoneInfo zone) =>
        At(use, nightFree, TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime));
}
