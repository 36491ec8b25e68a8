using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Records;
using CommandCenter.Simulators.Scenarios;
using CommandCenter.Simulators.Simulation;
using CommandCenter.TelemetryIngest.Devices;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>How a run places the devices of a city: districts for scenarios, the city's units and people for the apps.</summary>
public sealed class CitySimulationTests
{
    private static readonly DateTimeOffset RealStart = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    // Three districts and nine lots, so that districts differ and most have lots.
    private static readonly DemoCity City = DemoCity.Generate(DemoCityOptions.Demo with
    {
        City = CityGeneratorOptions.Demo with { Districts = 3, Streets = 6, Lots = 9, Seed = 4 },
    });

    private static readonly CityMap Map = new(City.Topology);

    private readonly FakeTimeProvider _time = new(RealStart);

    /// <summary>A district's devices worked out from the topology alone: elevators and lots on its grids, and the lots' berths.</summary>
    private static List<string> DevicesOf(District district)
    {
        var grids = district.Streets.SelectMany(s => s.Communities).SelectMany(c => c.Grids).Select(g => g.Id).ToHashSet();
        var lots = City.Topology.Lots.Where(l => grids.Contains(l.GridId)).ToList();
        return [.. City.Topology.Elevators.Where(e => grids.Contains(e.GridId)).Select(e => e.Id)
            .Concat(lots.Select(l => l.Id))
            .Concat(lots.SelectMany(l => l.BerthSensorIds))];
    }

    [Fact]
    public void CityMap_DevicesIn_AreExactlyTheDistrictsElevatorsLotsAndTheirBerths_AndEveryDeviceIsInOne()
    {
        foreach (var district in City.Topology.Districts)
        {
            Map.DevicesIn(district.Id).ShouldBe(DevicesOf(district), ignoreOrder: true, customMessage: district.Id);
        }

        City.Topology.Districts.SelectMany(d => Map.DevicesIn(d.Id))
            .ShouldBe(City.Registry.Devices.Where(d => d.Kind != DeviceKind.App).Select(d => d.Id), ignoreOrder: true);
        Map.DevicesIn("D09").ShouldBeEmpty();
    }

    [Fact]
    public void Apply_StopAndStartDistrict_TouchExactlyTheDevicesOfThatDistrict()
    {
        var simulation = new CitySimulation(new RunOptions(), City.Credentials, City.Registry, Map, null, _time, TextWriter.Null);

        foreach (var district in City.Topology.Districts)
        {
            var expected = DevicesOf(district);
            expected.ShouldNotBeEmpty(district.Id);

            var stopped = simulation.Apply(new StopStep { Index = 0, At = TimeSpan.Zero, District = district.Id });

            simulation.Devices.Where(d => d.Stopped).Select(d => d.Id).ShouldBe(expected, ignoreOrder: true, customMessage: district.Id);
            stopped.ShouldBe($" ({expected.Count} devices)");

            var started = simulation.Apply(new StartStep { Index = 1, At = TimeSpan.Zero, District = district.Id });

            simulation.Devices.ShouldAllBe(d => !d.Stopped);
            started.ShouldBe($" ({expected.Count} devices)");
        }
    }

    [Fact]
    public void Apply_StopByPattern_StillMatchesDeviceIds()
    {
        var simulation = new CitySimulation(new RunOptions(), City.Credentials, City.Registry, Map, null, _time, TextWriter.Null);

        simulation.Apply(new StopStep { At = TimeSpan.Zero, Devices = new DeviceGlob("LOT-*") });

        simulation.Devices.Where(d => d.Stopped).Select(d => d.Id).ShouldBe(City.Topology.Lots.Select(l => l.Id), ignoreOrder: true);
    }

    [Fact]
    public void Apps_OverSixWeeks_FileOnlyRecordsTheRegistryAuthorizes_MonthlyMinutesForEveryUnitOfTheirElevators()
    {
        var calendar = new SimulatedCalendar(RealStart, TimeSpan.FromDays(45), TimeSpan.FromSeconds(600));
        var behaviour = new CityBehaviour(
            1, new ElevatorDeviceSettings(TimeSpan.FromSeconds(10), 0), TimeSpan.FromMinutes(5), new DutySettings(0, 0), calendar, TimeZoneInfo.Utc);
        var models = new CityModels(behaviour, City.Registry, Map);
        var registrations = City.Registry.Devices.Where(d => d.Kind == DeviceKind.App).ToList();
        var apps = registrations.Select(r => models.Create(City.Credentials.Devices.Single(c => c.Id == r.Id), new SequenceCounter())).ToList();
        var check = new IngestCheck(_time);
        var outbox = new List<OutgoingMessage>();

        while (calendar.Now(_time.GetUtcNow()) < _time.GetUtcNow())
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            outbox.Clear();
            apps.ForEach(app => app.Step(_time.GetUtcNow(), outbox));
            check.Accept(outbox);
        }

        var units = City.Topology.Units.ToDictionary(u => u.Id);
        var elevators = City.Topology.Elevators.ToDictionary(e => e.Id);
        foreach (var registration in registrations)
        {
            var records = check.Accepted.Where(m => m.DeviceId == registration.Id).ToList();
            records.ShouldNotBeEmpty(registration.Id);
            records.ShouldAllBe(m => DeviceRegistry.Authorize(registration, KindOf(m), m) == null);
            records.OfType<MonthlySchedulingRecord>().Select(m => m.UnitId).Distinct()
                .ShouldBe(registration.Elevators!.Select(e => elevators[e].UserUnitId).Distinct(), ignoreOrder: true, customMessage: registration.Id);
            records.OfType<MonthlySchedulingRecord>().ShouldAllBe(m => m.Principal == units[m.UnitId].Principal);
            records.OfType<DailyCheckRecord>().ShouldAllBe(d => d.Officer == elevators[d.ElevatorId].SafetyOfficer.Name);
            records.OfType<MaintenanceRecord>().ShouldAllBe(m => m.FirmId == elevators[m.ElevatorId].MaintenanceFirmId);
        }
    }

    [Fact]
    public void Constructor_BerthTheCityDoesNotHave_SaysTheFilesDoNotBelongTogether()
    {
        var credentials = City.Credentials with { Devices = [.. City.Credentials.Devices, new DemoCredential("BS-09999", DeviceKind.Berth, "x")] };

        Should.Throw<InvalidDataException>(() => new CitySimulation(new RunOptions(), credentials, City.Registry, Map, null, _time, TextWriter.Null))
            .Message.ShouldBe(
                "berth sensor BS-09999 is in no lot of city.json: the city and the devices do not belong together; " +
                "regenerate both with 'CommandCenter.Simulators city --out DIR --force'");
    }

    private static MessageKind KindOf(IWireMessage message) => message switch
    {
        DailyCheckRecord => MessageKind.DailyCheck,
        WeeklyInvestigationRecord => MessageKind.WeeklyInvestigation,
        MonthlySchedulingRecord => MessageKind.MonthlyScheduling,
        MaintenanceRecord => MessageKind.Maintenance,
        _ => throw new InvalidOperationException($"an app sent {message.GetType().Name}"),
    };
}
