namespace CommandCenter.Geography.Datum;

/// <summary>
/// GCJ-02, the datum Chinese web maps (AMap, Tencent, and data derived from them such as ECharts' city maps) must
/// publish in: WGS-84 shifted by a published, deliberately non-linear offset, a few hundred metres around Yinchuan.
/// Phones report WGS-84 (GPS), so the product stores WGS-84 and converts map data once, when it is derived.
/// </summary>
/// <remarks>
/// The forward formula is the widely reproduced one (Krasovsky 1940 ellipsoid, the "transformLat/transformLon"
/// polynomials). It has no closed inverse; <see cref="ToWgs84"/> inverts it by fixed-point iteration, which converges
/// to well below a millimetre in a few steps because the offset changes slowly with position.
/// </remarks>
public static class Gcj02
{
    private const double SemiMajorAxis = 6378245.0;
    private const double EccentricitySquared = 0.00669342162296594323;

    /// <summary>Where a WGS-84 position appears on a GCJ-02 map.</summary>
    public static (double Latitude, double Longitude) FromWgs84(double latitude, double longitude)
    {
        var (dLat, dLon) = Offset(latitude, longitude);
        return (latitude + dLat, longitude + dLon);
    }

    /// <summary>The WGS-84 position that a GCJ-02 map shows at (<paramref name="latitude"/>, <paramref name="longitude"/>).</summary>
    public static (double Latitude, double Longitude) ToWgs84(double latitude, double longitude)
    {
        var (wgsLat, wgsLon) = (latitude, longitude);
        for (var step = 0; step < 30; step++)
        {
            var (gcjLat, gcjLon) = FromWgs84(wgsLat, wgsLon);
            var (errorLat, errorLon) = (gcjLat - latitude, gcjLon - longitude);
            wgsLat -= errorLat;
            wgsLon -= errorLon;
            if (Math.Abs(errorLat) < 1e-10 && Math.Abs(errorLon) < 1e-10)
            {
                break;
            }
        }

        return (wgsLat, wgsLon);
    }

    private static (double Latitude, double Longitude) Offset(double latitude, double longitude)
    {
        var x = longitude - 105.0;
        var y = latitude - 35.0;
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x))
                   + (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0
                   + (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0
                   + (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x))
                   + (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0
                   + (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0
                   + (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        var radLat = latitude / 180.0 * Math.PI;
        var magic = 1 - EccentricitySquared * Math.Sin(radLat) * Math.Sin(radLat);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (SemiMajorAxis * (1 - EccentricitySquared) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (SemiMajorAxis / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLat, dLon);
    }
}
