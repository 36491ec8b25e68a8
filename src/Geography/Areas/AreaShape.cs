using NetTopologySuite.Geometries;

namespace CommandCenter.Geography.Areas;

/// <summary>The level of an area of the administrative tree that has a shape.</summary>
public enum AreaKind
{
    District,
    Street,
    Community,
    Grid,
}

/// <summary>
/// The outline of one area (a district, street, community or grid) in WGS-84: x is longitude, y latitude, as in
/// GeoJSON. <see cref="Label"/> is where its name is drawn, when the source says (ECharts' <c>cp</c>).
/// </summary>
public sealed record AreaShape(AreaKind Kind, string Id, string Name, Geometry Geometry, Coordinate? Label = null);
