using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Triangulate;

namespace CommandCenter.Geography.Partition;

/// <summary>
/// Splits a region into contiguous parts: Voronoi cells of seed points clipped to the region, on the product's
/// precision grid (<see cref="Geo.Precision"/>) so neighbouring parts share exactly the same border vertices.
/// </summary>
public static class AreaPartition
{
    /// <summary>
    /// One part per seed, in the seeds' order; together they cover <paramref name="region"/> without overlap. A cell
    /// that the clip cuts into pieces (a concave region) keeps its largest piece; each other piece joins the neighbour
    /// it shares the longest border with, so every part is one piece unless the region itself is several.
    /// <paramref name="relaxations"/> Lloyd steps (each seed moved to its cell's centroid) even out the parts' sizes.
    /// </summary>
    public static Geometry[] Split(Geometry region, IReadOnlyList<Coordinate> seeds, int relaxations = 0)
    {
        if (seeds.Count == 1)
        {
            return [region];
        }

        var sites = seeds.ToArray();
        var parts = Cells(region, sites);
        var inside = new IndexedPointInAreaLocator(region);
        for (var step = 0; step < relaxations; step++)
        {
            for (var i = 0; i < sites.Length; i++)
            {
                var centroid = parts[i].Centroid.Coordinate;
                sites[i] = inside.Locate(centroid) == Location.Interior ? centroid : parts[i].InteriorPoint.Coordinate;
            }

            parts = Cells(region, sites);
        }

        return Contiguous(parts);
    }

    /// <summary>A uniformly random point strictly inside the region (rejection sampling in its envelope).</summary>
    public static Coordinate RandomPointIn(Geometry region, IPointOnGeometryLocator locator, Random random)
    {
        var envelope = region.EnvelopeInternal;
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var point = new Coordinate(envelope.MinX + random.NextDouble() * envelope.Width, envelope.MinY + random.NextDouble() * envelope.Height);
            if (locator.Locate(point) == Location.Interior)
            {
                return point;
            }
        }

        return region.InteriorPoint.Coordinate;
    }

    /// <summary>The Voronoi cell of each site clipped to the region, in the sites' order.</summary>
    private static Geometry[] Cells(Geometry region, Coordinate[] sites)
    {
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var envelope = new Envelope(region.EnvelopeInternal);
        envelope.ExpandBy(Math.Max(envelope.Width, envelope.Height));
        builder.ClipEnvelope = envelope;
        var diagram = builder.GetDiagram(Geo.Factory);
        var cellOf = new Dictionary<Coordinate, Geometry>();
        for (var i = 0; i < diagram.NumGeometries; i++)
        {
            var cell = diagram.GetGeometryN(i);
            cellOf[(Coordinate)cell.UserData] = cell;
        }

        return [.. sites.Select(site => cellOf.TryGetValue(site, out var cell)
            ? Clip(cell, region)
            : throw new InvalidOperationException($"two seeds too close to tell apart at {site}"))];
    }

    private static Geometry Clip(Geometry cell, Geometry region) =>
        Polygonal(OverlayNG.Overlay(cell, region, SpatialFunction.Intersection, Geo.Precision));

    private static Geometry Union(Geometry a, Geometry b) =>
        Polygonal(OverlayNG.Overlay(a, b, SpatialFunction.Union, Geo.Precision));

    /// <summary>
    /// The areas of an overlay's result: snap-rounding to the precision grid can collapse a sliver into a line or a
    /// point, which is no part of a region and which a later overlay refuses (mixed dimensions).
    /// </summary>
    private static Geometry Polygonal(Geometry geometry)
    {
        var polygons = NetTopologySuite.Geometries.Utilities.PolygonExtracter.GetPolygons(geometry).Cast<Polygon>().Where(p => p.Area > 0).ToArray();
        return polygons.Length == 1 ? polygons[0] : Geo.Factory.CreateMultiPolygon(polygons);
    }

    private static Geometry[] Contiguous(Geometry[] cells)
    {
        var parts = new Geometry[cells.Length];
        var orphans = new List<(Geometry Piece, int Owner)>();
        for (var i = 0; i < cells.Length; i++)
        {
            var pieces = Enumerable.Range(0, cells[i].NumGeometries).Select(cells[i].GetGeometryN).Where(p => !p.IsEmpty).OrderByDescending(p => p.Area).ToList();
            parts[i] = pieces.Count > 0 ? pieces[0] : cells[i];
            orphans.AddRange(pieces.Skip(1).Select(p => (p, i)));
        }

        // A piece may touch only another orphan at first: adopt in passes until no piece finds a neighbour.
        while (orphans.Count > 0)
        {
            var left = new List<(Geometry Piece, int Owner)>();
            foreach (var (piece, owner) in orphans)
            {
                var best = -1;
                var longest = 0.0;
                for (var j = 0; j < parts.Length; j++)
                {
                    if (j == owner || !parts[j].EnvelopeInternal.Intersects(piece.EnvelopeInternal))
                    {
                        continue;
                    }

                    var shared = OverlayNG.Overlay(piece.Boundary, parts[j].Boundary, SpatialFunction.Intersection, Geo.Precision).Length;
                    if (shared > longest)
                    {
                        (best, longest) = (j, shared);
                    }
                }

                if (best >= 0)
                {
                    parts[best] = Union(parts[best], piece);
                }
                else
                {
                    left.Add((piece, owner));
                }
            }

            if (left.Count == orphans.Count)
            {
                // Pieces of a region that is itself several pieces (an exclave): they stay with their own cell.
                foreach (var (piece, owner) in left)
                {
                    parts[owner] = Union(parts[owner], piece);
                }

                break;
            }

            orphans = left;
        }

        return parts;
    }
}
