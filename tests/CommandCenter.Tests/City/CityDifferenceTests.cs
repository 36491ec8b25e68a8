using CommandCenter.Protocol;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.City;

/// <summary>What an admin is shown before applying a city import: every kind's added, changed and retired ids.</summary>
public sealed class CityDifferenceTests
{
    [Fact]
    public void Between_KnownChange_ListsEachAddedChangedAndRetiredThingAndNothingElse()
    {
        var change = CityImportChange.Of(TestCity.Demo);

        var difference = CityDifference.Between(change.Before, change.After);

        difference.Elevators.ShouldBe(new CityChanges([change.Added.Id], [change.Readdressed.Id], [change.Retired.Id]), Compare);
        difference.Lots.ShouldBe(new CityChanges([change.AddedLot.Id], [], [change.RetiredLot.Id]), Compare);
        difference.BerthSensors.Added.ShouldBe([CityImportChange.AddedBerthId]);
        difference.BerthSensors.Retired.ShouldBe([.. change.RetiredLot.BerthSensorIds.Order(StringComparer.Ordinal)]);
        difference.Streets.ShouldBe(new CityChanges([], [change.Before.Districts[0].Streets[0].Id], []), Compare);
        // The street's district and communities did not change themselves: only the street is listed.
        foreach (var unchanged in new[] { difference.Districts, difference.Communities, difference.Grids, difference.Departments, difference.Units, difference.Firms, difference.PropertyFirms })
        {
            unchanged.IsEmpty.ShouldBeTrue();
        }

        difference.Summary.ShouldBe($"streets +0 ~1 -0; elevators +1 ~1 -1; lots +1 ~0 -1; berthSensors +1 ~0 -{change.RetiredLot.BerthSensorIds.Count}");
    }

    [Fact]
    public void Devices_KnownChange_RegisterTheNewOnesByKindAndRetireTheGoneOnes()
    {
        var change = CityImportChange.Of(TestCity.Demo);

        var difference = CityDifference.Between(change.Before, change.After);

        difference.AddedDevices(change.After).ShouldBe(
            [(CityImportChange.AddedElevatorId, DeviceKind.Elevator), (CityImportChange.AddedLotId, DeviceKind.Lot), (CityImportChange.AddedBerthId, DeviceKind.Berth)]);
        difference.RetiredDevices(change.Before).ShouldBe(
            [(change.Retired.Id, change.Retired.Kind), (change.RetiredLot.Id, DeviceKind.Lot), .. change.RetiredLot.BerthSensorIds.Select(b => (b, DeviceKind.Berth))],
            ignoreOrder: true);
    }

    [Fact]
    public void Between_RenamedCity_SaysTheNewName()
    {
        var difference = CityDifference.Between(TestCity.Demo, TestCity.Demo with { Name = "银川市（新）" });

        difference.Renamed.ShouldBe("银川市（新）");
        difference.IsEmpty.ShouldBeFalse();
        difference.Summary.ShouldBe("name → 银川市（新）");
    }

    [Fact]
    public void Between_SameCity_IsEmpty()
    {
        var difference = CityDifference.Between(TestCity.Demo, TestCity.Demo with { Elevators = [.. TestCity.Demo.Elevators] });

        difference.IsEmpty.ShouldBeTrue();
        difference.Summary.ShouldBe("no change");
    }

    private static readonly IEqualityComparer<CityChanges> Compare = new ChangesComparer();

    private sealed class ChangesComparer : IEqualityComparer<CityChanges>
    {
        public bool Equals(CityChanges? x, CityChanges? y) =>
            x!.Added.SequenceEqual(y!.Added) && x.Changed.SequenceEqual(y.Changed) && x.Retired.SequenceEqual(y.Retired);

        public int GetHashCode(CityChanges obj) => obj.Added.Count;
    }
}
