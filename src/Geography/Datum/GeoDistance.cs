namespace CommandCenter.Geography.Datum;

/// <summary>Great-circle distances between WGS-84 positions.</summary>
public static class GeoDistance
{
    /// <summary>The mean Earth radius (IUGG), enough for ranking firms by distance within a city.</summary>
    public const double EarthRadiusMetres = 6_371_008.8;

    /// <summary>The haversine distance in metres.</summary>
    public static double Metres(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var dLat = ToRadians(latitude2 - latitude1);
        var dLon = ToRadians(longitude2 - longitude1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
                + Math.Cos(ToRadians(latitude1)) * Math.Cos(ToRadians(latitude2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double ToRadians(double degrees) => degrees * Math.PI / 180;
}
