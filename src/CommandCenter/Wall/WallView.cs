namespace CommandCenter.Wall;

/// <summary>The wall's views; the rotation visits them in declaration order.</summary>
public enum WallView
{
    Overview,
    Map,
    Alarms,
    Trends,
}

/// <summary>The order an unattended wall cycles through its views (<c>?rotate=30</c>).</summary>
public static class WallRotation
{
    /// <summary>Shortest rotation period allowed; faster would leave no time to read a view.</summary>
    public const int MinimumSeconds = 5;

    public static WallView Next(WallView current)
    {
        var views = Enum.GetValues<WallView>();
        return views[(Array.IndexOf(views, current) + 1) % views.Length];
    }

    /// <summary>A view by its query name (<c>?view=map</c>), never by number; the overview (the first) for anything else.</summary>
    public static WallView Parse(string? name) =>
        Enum.GetValues<WallView>().FirstOrDefault(view => string.Equals(view.ToString(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rotation period asked for, or null when rotation is off (missing, zero or negative); short periods are raised to the minimum.</summary>
    public static TimeSpan? Period(int? seconds) =>
        seconds is > 0 ? TimeSpan.FromSeconds(Math.Max(seconds.Value, MinimumSeconds)) : null;
}
