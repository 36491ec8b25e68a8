using CommandCenter.TelemetryIngest.Storage;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Shouldly;

namespace CommandCenter.Tests.Storage;

/// <summary>The ingest path's own line-protocol writer writes the same points as the InfluxDB client's <c>PointData</c> did.</summary>
public sealed class LinePointTests
{
    private const long Timestamp = 1_765_008_000_000_000_005;

    [Theory]
    [InlineData("elevator_status", "EL-0001")]
    [InlineData("odd measurement,name", "dev ice,=id")]
    [InlineData("tabs\tand\nnewlines\r", "a=b")]
    public void Start_EscapesMeasurementAndTagsAsTheClientLibrary(string measurement, string device)
    {
        var ours = LinePoint.Start(measurement, Timestamp, ("code", "11"), ("device_id", device)).Field("seq", 5L).ToString();
        var library = PointData.Measurement(measurement).Tag("device_id", device).Tag("code", "11").Field("seq", 5L)
            .Timestamp(Timestamp, WritePrecision.Ns).ToLineProtocol();

        ours.ShouldBe(library);
    }

    [Fact]
    public void Fields_OfEveryKindAreWrittenAsTheClientLibraryWritesThem()
    {
        var ours = LinePoint.Start("m", Timestamp, ("device_id", "D"))
            .Field("a_long", 1_640_213L).Field("b_int", -3).Field("c_true", true).Field("d_false", false)
            .Field("e_double", 12.5).Field("f_text", "say \"hi\" \\ bye").Field("g_spaced name", 1L)
            .ToString();
        var library = PointData.Measurement("m").Tag("device_id", "D")
            .Field("a_long", 1_640_213L).Field("b_int", -3L).Field("c_true", true).Field("d_false", false)
            .Field("e_double", 12.5).Field("f_text", "say \"hi\" \\ bye").Field("g_spaced name", 1L)
            .Timestamp(Timestamp, WritePrecision.Ns).ToLineProtocol();

        ours.ShouldBe(library);
    }

    [Fact]
    public void Fields_WithoutAValueAndTagsWithAnEmptyOne_AreLeftOut()
    {
        var line = LinePoint.Start("m", Timestamp, ("device_id", "D"), ("firm_id", ""), ("unit_id", null))
            .Field("seq", 1L).Field("passenger", (bool?)null).Field("trips", (long?)null).Field("speed", double.NaN).Field("note", (string?)null)
            .ToString();

        line.ShouldBe($"m,device_id=D seq=1i {Timestamp}");
    }

    [Fact]
    public void TwoPointsOnOneThread_DoNotShareText()
    {
        var first = LinePoint.Start("m", 1, ("device_id", "A")).Field("seq", 1L).ToString();
        var second = LinePoint.Start("m", 2, ("device_id", "B")).Field("seq", 2L).ToString();

        first.ShouldBe("m,device_id=A seq=1i 1");
        second.ShouldBe("m,device_id=B seq=2i 2");
    }
}
