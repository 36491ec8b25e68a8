using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>The compliance API of the real process counts the city file's elevators and units from start-up, before anyone files.</summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class ComplianceApiTests(ConsoleHostFixture fixture)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Compliance_RightAfterStart_CountsEveryElevatorAndUnitOfTheCityAsTracked()
    {
        var elevators = TestCity.Demo.Elevators.Count;
        var units = TestCity.Demo.Elevators.Select(e => e.UserUnitId).Distinct().Count();

        var city = await Eventually.ValueAsync(
            async () => await fixture.Host.Http.GetFromJsonAsync<JsonElement>("/api/compliance", Cancel) is var view
                && view.GetProperty("total").GetProperty("elevators").GetInt64() == elevators ? (object)view : null,
            TimeSpan.FromSeconds(30),
            $"the city's compliance to count its {elevators} elevators");

        var view = (JsonElement)city;
        var total = view.GetProperty("total");
        total.GetProperty("units").GetInt64().ShouldBe(units);
        total.GetProperty("daily").GetProperty("total").GetInt64().ShouldBe(elevators);
        total.GetProperty("monthly").GetProperty("total").GetInt64().ShouldBe(units);
        view.GetProperty("children").EnumerateArray().Sum(d => d.GetProperty("elevators").GetInt64()).ShouldBe(elevators);
        view.GetProperty("children").GetArrayLength().ShouldBe(TestCity.Demo.Districts.Count);
    }
}
