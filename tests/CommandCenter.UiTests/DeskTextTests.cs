using CommandCenter.Components.Desk;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.UiTests;

public sealed class DeskTextTests
{
    [Fact]
    public void Area_DepartmentOfTheCity_ShowsItsNameAndId() =>
        DeskText.Area(new TicketArea(TicketAreaLevel.Department, "zj"), WallData.City).ShouldBe("住房和城乡建设局 (zj)");

    [Fact]
    public void Area_DepartmentUnknownOrNoCity_ShowsItsKey()
    {
        DeskText.Area(new TicketArea(TicketAreaLevel.Department, "城管局"), WallData.City).ShouldBe("department/城管局");
        DeskText.Area("department/zj", CityDirectory.Empty).ShouldBe("department/zj");
    }
}
