using CommandCenter.Components.Desk;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.UiTests;

public sealed class AreaNamesTests
{
    [Fact]
    public void Of_DepartmentOfTheCity_ShowsItsNameAndId() =>
        AreaNames.Of(new TicketArea(TicketAreaLevel.Department, "zj"), WallData.City).ShouldBe("住房和城乡建设局 (zj)");

    [Fact]
    public void Of_DepartmentUnknownOrNoCity_ShowsItsKey()
    {
        AreaNames.Of(new TicketArea(TicketAreaLevel.Department, "城管局"), WallData.City).ShouldBe("department/城管局");
        AreaNames.Of("department/zj", CityDirectory.Empty).ShouldBe("department/zj");
    }
}
