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

    /// <summary>
    /// A copy of an outline with every vertex given by <paramref name="toWgs84"/> (from its latitude and longitude) and
    /// rounded to <see cref="Precision"/>, as stored: outlines from elsewhere (a city's own GIS, another datum) are
    /// checked as they will be written.
    /// </summary>
    public static Geometry Converted(Geometry geometry, Func<double, double, (double Latitude, double Longitude)> toWgs84)
    {
        var copy = Factory.CreateGeometry(geometry);
        copy.Apply(new VertexConversion(toWgs84));
        return copy;
    }

    private sealed class VertexConversion(Func<double, double, (double Latitude, double Longitude)> toWgs84) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence sequence, int index)
        {
            var position = toWgs84(sequence.GetY(index), sequence.GetX(index));
            sequence.SetX(index, Precision.MakePrecise(position.Longitude));
            sequence.SetY(index, Precision.MakePrecise(position.Latitude));
        }
    }
}
