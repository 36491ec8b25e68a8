using CommandCenter.Geography.Areas;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;

namespace CommandCenter.Geography.Partition;

/// <summary>A grid to give a cell: its id and name.</summary>
public sealed record GridPlan(string Id, string Name);

/// <summary>A community to give a region, split into its grids.</summary>
public sealed record CommunityPlan(string Id, string Name, IReadOnlyList<GridPlan> Grids);

/// <summary>A street to give a region; an urban one (街道) lies near the district's centre and is small, a town spreads out.</summary>
public sealed record StreetPlan(string Id, string Name, bool Urban, IReadOnlyList<CommunityPlan> Communities);

/// <summary>A district with its real outline (WGS-84) and label point, split among the planned streets.</summary>
public sealed record DistrictPlan(string Id, string Name, Geometry Outline, Coordinate Label, IReadOnlyList<StreetPlan> Streets);

/// <summary>
/// Gives every street, community and grid of a tree a region: each district's real outline is split among its
/// streets, each street among its communities, each community among its grids (<see cref="AreaPartition"/>), so the
/// grids tessellate the districts. Below the district the shapes are schematic (no public outlines exist); a
/// city's own GIS outlines can replace them (docs/geography.md). The same plan and seed give the same shapes.
/// </summary>
public static class TreePartition
{
    /// <summary>Lloyd steps for communities and grids: enough to even out sizes, cheap enough for 4,121 grids in seconds.</summary>
    private const int Relaxations = 2;

    /// <summary>The shapes of every district, street, community and grid of the plan, parents before children.</summary>
    public static IReadOnlyList<AreaShape> Build(IReadOnlyList<DistrictPlan> districts, int seed)
    {
        // Districts are independent: split them in parallel, each with its own seeded stream, and keep the plan's order.
        var perDistrict = new IReadOnlyList<AreaShape>[districts.Count];
        Parallel.For(0, districts.Count, d => perDistrict[d] = Build(districts[d], new Random(unchecked(seed * 1_000_003 + d))));
        return [.. perDistrict.SelectMany(s => s)];
    }

    /// <summary>Where a grid's point goes: its centroid when that lies inside, else a point surely inside.</summary>
    public static Coordinate PointOf(Geometry shape)
    {
        var centroid = shape.Centroid.Coordinate;
        var point = new IndexedPointInAreaLocator(shape).Locate(centroid) == Location.Interior ? centroid : shape.InteriorPoint.Coordinate;
        return new Coordinate(Geo.Precision.MakePrecise(point.X), Geo.Precision.MakePrecise(point.Y));
    }

    private static List<AreaShape> Build(DistrictPlan district, Random random)
    {
        var shapes = new List<AreaShape> { new(AreaKind.District, district.Id, district.Name, district.Outline, district.Label) };
        var streetRegions = AreaPartition.Split(district.Outline, StreetSeeds(district, random));
        for (var s = 0; s < district.Streets.Count; s++)
        {
            var street = district.Streets[s];
            shapes.Add(new AreaShape(AreaKind.Street, street.Id, street.Name, streetRegions[s]));
            var communityRegions = AreaPartition.Split(streetRegions[s], Seeds(streetRegions[s], street.Communities.Count, random), Relaxations);
            for (var c = 0; c < street.Communities.Count; c++)
            {
                var community = street.Communities[c];
                shapes.Add(new AreaShape(AreaKind.Community, community.Id, community.Name, communityRegions[c]));
                var gridRegions = AreaPartition.Split(communityRegions[c], Seeds(communityRegions[c], community.Grids.Count, random), Relaxations);
                shapes.AddRange(community.Grids.Select((grid, g) => new AreaShape(AreaKind.Grid, grid.Id, grid.Name, gridRegions[g])));
            }
        }

        return shapes;
    }

    /// <summary>
    /// Urban sub-districts cluster around the district's label point (its urban core, as the map's publisher placed
    /// it), towns and farms lie beyond; no relaxation, so the urban streets stay small and the towns large.
    /// </summary>
    private static List<Coordinate> StreetSeeds(DistrictPlan district, Random random)
    {
        var outline = district.Outline;
        var inside = new IndexedPointInAreaLocator(outline);
        var coreRadius = Math.Sqrt(outline.Area / Math.PI) * 0.3;
        var seeds = new List<Coordinate>();
        foreach (var street in district.Streets)
        {
            Coordinate point;
            var attempt = 0;
            do
            {
                point = AreaPartition.RandomPointIn(outline, inside, random);
            }
            while (++attempt < 500 && (point.Distance(district.Label) <= coreRadius) != street.Urban);

            seeds.Add(point);
        }

        return seeds;
    }

    private static List<Coordinate> Seeds(Geometry region, int count, Random random)
    {
        var inside = new IndexedPointInAreaLocator(region);
        return [.. Enumerable.Range(0, count).Select(_ => AreaPartition.RandomPointIn(region, inside, random))];
    }
}
