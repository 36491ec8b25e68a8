using System.Globalization;
using CommandCenter.Components.Wall;
using CommandCenter.Protocol;

namespace CommandCenter.UiTests;

/// <summary>An escalator's tile shows how it runs (direction arrow, speed, stopped, a broken step) where a lift's shows its floor.</summary>
public sealed class EscalatorTileTests : WallContext
{
    [Fact]
    public void ElevatorTiles_RunningEscalator_ShowsItsDirectionArrowAndSpeedInsteadOfAFloor()
    {
        State.ApplyElevators([WallData.Escalator("ESC-0001", EscalatorDirection.Down, 0.65, WallData.Start), WallData.Elevator("EL-0001", 3, WallData.Start)]);

        var tiles = RenderOnWall<ElevatorTiles>(p => p.Add(t => t.Only, ["EL-0001", "ESC-0001"]));

        var tile = tiles.Find("[data-elevator='ESC-0001']");
        tile.GetAttribute("data-kind").ShouldBe("escalator");
        tile.ClassList.ShouldContain("running");
        tile.QuerySelector("[data-testid='escalator-direction']")!.TextContent.ShouldBe("▼");
        tile.QuerySelector("[data-testid='escalator-speed']")!.TextContent.ShouldBe("扶梯 · 0.65 米/秒");
        tile.QuerySelector(".tile-mode")!.TextContent.ShouldBe("运行中");
        tile.QuerySelector("[data-testid='floor']").ShouldBeNull();
        tiles.Find("[data-elevator='EL-0001'] [data-testid='floor']").TextContent.ShouldBe("3");
    }

    [Fact]
    public void ElevatorTiles_StoppedEscalatorWithAMissingStep_ShowsASquareAndTheStepAndNeedsAttention()
    {
        State.ApplyElevators([WallData.Escalator("ESC-0002", EscalatorDirection.Stopped, 0, WallData.Start, StepState.Missing)]);

        var tiles = RenderOnWall<ElevatorTiles>(p => p.Add(t => t.Only, ["ESC-0002"]), CultureInfo.GetCultureInfo("en"));

        var tile = tiles.Find("[data-elevator='ESC-0002']");
        tile.ClassList.ShouldNotContain("running");
        tile.ClassList.ShouldContain("attention");
        tile.QuerySelector("[data-testid='escalator-direction']")!.TextContent.ShouldBe("■");
        tile.QuerySelector("[data-testid='escalator-speed']")!.TextContent.ShouldBe("escalator · 0.00 m/s");
        tile.QuerySelector(".tile-mode")!.TextContent.ShouldBe("step missing");
    }
}
