using System.Globalization;

namespace CommandCenter.Wall;

/// <summary>Figures as the wall shows them, the same in either language: counts grouped by thousands (12,345), shares in whole percent (57%).</summary>
public static class WallFormat
{
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Share(double share) => share.ToString("0%", CultureInfo.InvariantCulture);
}
