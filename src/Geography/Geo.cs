using NetTopologySuite.Geometries;

namespace CommandCenter.Geography;

/// <summary>
/// The one geometry factory of the product: WGS-84 degrees (SRID 4326) on a fixed grid of 10⁻⁶° (about 0.1 m),
/// so that outlines computed separately meet on exactly the same coordinates and files reproduce byte for byte.
/// </summary>
public static class Geo
{
    public const int Wgs84 = 4326;

    /// <summary>10⁻⁶ degrees: the precision every stored coordinate is rounded to.</summary>
    public static PrecisionModel Precision { get; } = new(1_000_000);

    public static GeometryFactory Factory { get; } = new(Precision, Wgs84);

    /// <summary>A coordinate rounded to <see cref="Precision"/>: x longitude, y latitude.</summary>
    public static Coordinate Position(double latitude, double longitude) =>
        new(Precision.MakePrecise(longitude), Precision.MakePrecise(latitude));
}
