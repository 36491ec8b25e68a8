namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>The texts of the grid workers' points (<c>PointsText.resx</c>, <c>PointsText.zh-CN.resx</c>): rule names and the phone page.</summary>
public sealed class PointsText
{
    /// <summary>The grid worker's own points on their phone.</summary>
    public const string MobileRoute = "/m/points";
}
