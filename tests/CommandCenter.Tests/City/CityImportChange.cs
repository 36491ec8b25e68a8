using CommandCenter.Protocol;

namespace CommandCenter.Tests.City;

/// <summary>
/// One known change to the demo city, as an admin would import it: a lift and a parking lot (with one berth sensor) added
/// beside the first ones, the last lift and the last lot retired, the first street renamed, an address corrected.
/// </summary>
public sealed record CityImportChange(CityTopology Before, CityTopology After, ElevatorInfo Added, ElevatorInfo Retired, ElevatorInfo Readdressed, ParkingLotInfo AddedLot, ParkingLotInfo RetiredLot)
{
    public const string AddedElevatorId = "EL-IMPORT-1";
    public const string AddedLotId = "LOT-IMPORT-1";
    public const string AddedBerthId = "BS-IMPORT-1";

    public static CityImportChange Of(CityTopology before)
    {
        var lifts = before.Elevators.Where(e => !e.Escalator).ToList();
        var added = lifts[0] with { Id = AddedElevatorId, RegistrationCode = "31106401IMPORT1", Address = lifts[0].Address + "（新装）" };
        var retired = lifts[^1];
        var readdressed = lifts[1] with { Address = lifts[1].Address + "（更正）" };
        var addedLot = before.Lots[0] with { Id = AddedLotId, Name = "新建停车场", BerthSensorIds = [AddedBerthId], NightFreeBerthSensorIds = [] };
        var retiredLot = before.Lots[^1];
        var district = before.Districts[0];
        var street = district.Streets[0] with { Name = district.Streets[0].Name + "（更名）" };
        var after = before with
        {
            Districts = [district with { Streets = [street, .. district.Streets.Skip(1)] }, .. before.Districts.Skip(1)],
            Elevators = [.. before.Elevators.Where(e => e.Id != retired.Id).Select(e => e.Id == readdressed.Id ? readdressed : e), added],
            Lots = [.. before.Lots.Where(l => l.Id != retiredLot.Id), addedLot],
        };
        return new CityImportChange(before, after, added, retired, readdressed, addedLot, retiredLot);
    }
}
