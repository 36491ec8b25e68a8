using CommandCenter.Alarms;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.Testing;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.City;

/// <summary>What singletons work out from the city follows an import: a retired lift leaves its firm and its areas, a new firm is found.</summary>
public sealed class CityDerivedTests
{
    private static readonly IStringLocalizer<AlarmText> Text = new StringLocalizer<AlarmText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Fact]
    public void FirmAndAreaScopes_AfterACitySwitch_AnswerForTheNewCity()
    {
        var city = new CityDirectory(TestCity.Demo, TestCity.DemoWithAreas.Areas);
        var firms = new FirmScope(city, null!, Text);
        var retired = TestCity.Demo.Elevators[0];
        var firmId = retired.MaintenanceFirmId;
        firms.ElevatorIdsOf(firmId).ShouldContain(retired.Id);
        var newFirm = TestCity.Demo.Firms[0] with { Id = "FIRM-NEW", Name = "新维保" };

        city.SwitchTo(
            TestCity.Demo with { Elevators = [.. TestCity.Demo.Elevators.Skip(1)], Firms = [.. TestCity.Demo.Firms, newFirm] },
            TestCity.DemoWithAreas.Areas);

        firms.ElevatorIdsOf(firmId).ShouldNotContain(retired.Id);
        firms.ElevatorsOf(firmId).ShouldNotContain(place => place.Elevator.Id == retired.Id);
        firms.Firms.ShouldContain(firm => firm.Id == "FIRM-NEW");
        new AreaScope(city, null!).GroupsOf(retired.Id).ShouldBeEmpty();
    }
}
