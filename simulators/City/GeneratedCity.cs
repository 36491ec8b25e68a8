using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;

namespace CommandCenter.Simulators.City;

/// <summary>A generated city and the outlines of its districts, streets, communities and grids (written as <c>city-areas.geojson</c>).</summary>
public sealed record GeneratedCity(CityTopology Topology, IReadOnlyList<AreaShape> Areas);
