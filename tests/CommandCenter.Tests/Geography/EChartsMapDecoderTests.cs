using CommandCenter.Geography.Areas;
using CommandCenter.Geography.Datum;
using CommandCenter.Geography.Sources;
using Shouldly;

namespace CommandCenter.Tests.Geography;

public sealed class EChartsMapDecoderTests
{
    [Fact]
    public void DecodeRing_ZigZagDeltasFromTheOffsets_GivesDegreesInUnitsOf1024ths()
    {
        // '@' is 64, a delta of 0; 'B' (66) zig-zags to +1, 'A' (65) to -1, 'D' (68) to +2, 'C' (67) to -2.
        var ring = EChartsMapDecoder.DecodeRing("@@BADC", 106 * 1024, 38 * 1024);

        ring.ShouldBe([(106.0, 38.0), (106 + 1 / 1024.0, 38 - 1 / 1024.0), (106 + 3 / 1024.0, 38 - 3 / 1024.0)]);
    }

    [Fact]
    public void ReadScript_RegisterMapCall_GivesEachFeatureWithItsLabelAndRings()
    {
        const string script = "(function(){echarts.registerMap('测试', {\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"name\":\"甲区\",\"cp\":[106.2,38.4]}," +
                              "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\"@@B@@B\"],\"encodeOffsets\":[[108544,38912]]}}],\"UTF8Encoding\":true});}));";

        var feature = EChartsMapDecoder.ReadScript(script).Single();

        feature.Name.ShouldBe("甲区");
        feature.Label.ShouldBe((106.2, 38.4));
        feature.Polygons.Single().Single().ShouldBe([(106.0, 38.0), (106 + 1 / 1024.0, 38.0), (106 + 1 / 1024.0, 38 + 1 / 1024.0)]);
    }

    [Fact]
    public void CommittedDistricts_MappedBackToGcj02_LieOnEChartsGridOf1024thDegrees()
    {
        // The committed outlines are the decoded rings converted to WGS-84 and rounded to 1e-6°: converting them back
        // must land on the 1/1024° quantisation the package encoded (within the rounding, 1e-6° × 1024 ≈ 0.001).
        using var stream = typeof(YinchuanAtlas).Assembly.GetManifestResourceStream("Yinchuan/" + YinchuanDataFiles.Districts)!;
        var districts = AreaGeoJson.Read(stream, YinchuanDataFiles.Districts);

        districts.Count.ShouldBe(6);
        foreach (var vertex in districts.SelectMany(d => d.Geometry.Coordinates))
        {
            var (latitude, longitude) = Gcj02.FromWgs84(vertex.Y, vertex.X);
            Math.Abs(longitude * 1024 - Math.Round(longitude * 1024)).ShouldBeLessThan(0.01);
            Math.Abs(latitude * 1024 - Math.Round(latitude * 1024)).ShouldBeLessThan(0.01);
        }
    }

    [Fact]
    public void Gcj02_InverseOfTheForwardShift_ReturnsThePositionAndTheShiftIsHundredsOfMetresHere()
    {
        var (gcjLatitude, gcjLongitude) = Gcj02.FromWgs84(38.4736, 106.2886);
        var (latitude, longitude) = Gcj02.ToWgs84(gcjLatitude, gcjLongitude);

        latitude.ShouldBe(38.4736, 1e-8);
        longitude.ShouldBe(106.2886, 1e-8);
        GeoDistance.Metres(38.4736, 106.2886, gcjLatitude, gcjLongitude).ShouldBeInRange(200, 800);
    }
}
