using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Elevators;
using CommandCenter.Simulators.Mqtt;
using CommandCenter.Simulators.Records;
using CommandCenter.Simulators.Scenarios;

namespace CommandCenter.Simulators.Simulation;

/// <summary>
/// Runs a city's devices: one MQTT session each, one step per second for all of them, scenario steps
/// when due, and a progress line every 10 seconds.
/// </summary>
public sealed class CitySimulation
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    private readonly RunOptions _options;
    private readonly CityMap _city;
    private readonly Scenario? _scenario;
    private readonly TimeProvider _time;
    private readonly TextWriter _output;
    private readonly PublishStatistics _statistics = new();
    private readonly BrokerLink _broker;
    private readonly SimulatedCalendar _calendar;
    private readonly SimulatedDevice[] _devices;
    private int _nextStep;

    /// <exception cref="InvalidDataException">A device the registry or the city cannot place (see <see cref="CityModels"/>).</exception>
    public CitySimulation(RunOptions options, DemoCredentialsFile credentials, DeviceRegistryFile? registry, CityMap city, Scenario? scenario, TimeProvider time, TextWriter output)
    {
        _options = options;
        _city = city;
        _scenario = scenario;
        _time = time;
        _output = output;
        var start = time.GetUtcNow();
        _calendar = new SimulatedCalendar(start, TimeSpan.FromDays(options.HistoryDays), TimeSpan.FromSeconds(options.DaySeconds));
        var behaviour = new CityBehaviour(
            options.Seed,
            new ElevatorDeviceSettings(TimeSpan.FromSeconds(options.HeartbeatSeconds), options.FaultRate),
            TimeSpan.FromSeconds(options.BerthHeartbeatSeconds),
            new DutySettings(options.MissedShare, options.OverdueShare),
            _calendar,
            time.LocalTimeZone);
        var models = new CityModels(behaviour, registry, city);
        _broker = new BrokerLink(options.Broker.Host, options.Broker.Port, _statistics, time) { Tls = options.Broker.ResolveTls() };
        var firstSeq = SequenceCounter.StartFor(start);
        _devices = [.. credentials.Devices.Select(device =>
        {
            var sequences = new SequenceCounter(firstSeq);
            return new SimulatedDevice(device, models.Create(device, sequences), new DeviceConnection(device, sequences, _broker));
        })];
    }

    /// <summary>The simulated devices, in the order of the credentials file.</summary>
    internal IReadOnlyList<SimulatedDevice> Devices => _devices;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        WriteHeader();
        var started = _time.GetTimestamp();
        var lastProgress = started;
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            do
            {
                PlayScenario(_time.GetElapsedTime(started));
                var now = _time.GetUtcNow();
                await Task.WhenAll(_devices.Where(d => !d.Stopped).Select(d => d.StepAsync(now, cancellationToken)));
                if (_time.GetElapsedTime(lastProgress) >= ProgressEvery)
                {
                    lastProgress = _time.GetTimestamp();
                    WriteProgress();
                }
            }
            while ((_options.Duration is null || _time.GetElapsedTime(started) < _options.Duration)
                   && await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C: fall through to the final report.
        }
        finally
        {
            WriteProgress();
            foreach (var device in _devices)
            {
                device.Connection.Dispose();
            }

            _broker.Dispose();
        }
    }

    private void PlayScenario(TimeSpan elapsed)
    {
        while (_scenario is not null && _nextStep < _scenario.Steps.Count && _scenario.Steps[_nextStep].At <= elapsed)
        {
            var step = _scenario.Steps[_nextStep++];
            var outcome = Apply(step);
            _output.WriteLine($"{_time.GetLocalNow():HH:mm:ss} scenario t+{ScenarioParser.Format(step.At)}: {step}{outcome}{(step.Note is { } note ? $" | {note}" : "")}");
        }
    }

    /// <summary>Carries out a step; returns a remark for the console (how many devices it touched).</summary>
    internal string Apply(ScenarioStep step)
    {
        switch (step)
        {
            case TrapStep trap:
                Elevator(trap.Elevator).Trap(trap.For);
                return "";
            case FaultStep fault:
                Elevator(fault.Elevator).RaiseFault(fault.Code, fault.For);
                return "";
            case ReleaseStep release:
                Elevator(release.Elevator).Release();
                return "";
            case BurstStep burst:
                var elevators = Matching(burst.Devices, null, d => !d.Stopped && d.Model is ElevatorDevice);
                for (var i = 0; i < elevators.Length; i++)
                {
                    ((ElevatorDevice)elevators[i].Model).Burst((burst.Messages / elevators.Length) + (i < burst.Messages % elevators.Length ? 1 : 0));
                }

                return elevators.Length == 0 ? " (no running elevator matches)" : $" ({elevators.Length} elevators)";
            case StopStep stop:
                var stopping = Matching(stop.Devices, stop.District, d => !d.Stopped);
                Array.ForEach(stopping, d => d.Stop());
                return $" ({stopping.Length} devices)";
            case StartStep start:
                var starting = Matching(start.Devices, start.District, d => d.Stopped);
                Array.ForEach(starting, d => d.Start());
                return $" ({starting.Length} devices)";
            default:
                throw new InvalidOperationException($"unknown scenario step {step.GetType().Name}");
        }
    }

    private ElevatorDevice Elevator(string id) => (ElevatorDevice)_devices.Single(d => d.Id == id).Model;

    /// <summary>The devices a step names (its district's, its pattern's, or all) that pass the filter.</summary>
    private SimulatedDevice[] Matching(DeviceGlob? devices, string? district, Func<SimulatedDevice, bool> filter)
    {
        Func<string, bool> named = district is not null ? _city.DevicesIn(district).Contains
            : devices is not null ? devices.IsMatch
            : _ => true;
        return [.. _devices.Where(d => filter(d) && named(d.Id))];
    }

    private void WriteHeader()
    {
        int Count(DeviceKind kind) => _devices.Count(d => d.Kind == kind);
        _output.WriteLine(
            $"Simulating {Count(DeviceKind.Elevator)} lifts, {Count(DeviceKind.Escalator)} escalators, {Count(DeviceKind.Berth)} berth sensors, {Count(DeviceKind.Lot)} lot gates " +
            $"and {Count(DeviceKind.App)} apps against {_options.Broker.Address(_broker.Tls)} (seed {_options.Seed})");
        _output.WriteLine($"City {DemoCity.Describe(_city.Topology)}");
        if (Count(DeviceKind.App) > 0)
        {
            var gap = _time.GetUtcNow() - _calendar.Start;
            var catchUp = gap <= TimeSpan.Zero ? "on the real date"
                : _calendar.Speed <= 1 ? $"{gap.TotalDays:F0} days behind, at real speed"
                : $"from {LocalTime(_calendar.Start):yyyy-MM-dd}, a day every {_options.DaySeconds} s, reaching today in {Hours(gap / (_calendar.Speed - 1))}";
            _output.WriteLine($"Apps' calendar: {catchUp}");
        }

        if (_scenario is not null)
        {
            _output.WriteLine($"Scenario: {_scenario.Description ?? "(no description)"}; {_scenario.Steps.Count} steps until t+{ScenarioParser.Format(_scenario.Steps[^1].At)}");
        }
    }

    private void WriteProgress()
    {
        var running = _devices.Count(d => !d.Stopped);
        var online = _devices.Count(d => d.Connection.IsConnected);
        var stopped = _devices.Length - running;
        var clock = _devices.Any(d => d.Kind == DeviceKind.App) ? $", apps' clock {LocalTime(_calendar.Now(_time.GetUtcNow())):yyyy-MM-dd HH:mm}" : "";
        _output.WriteLine(
            $"{_time.GetLocalNow():HH:mm:ss} acknowledged {_statistics.Acknowledged}, rejected {_statistics.Rejected}, " +
            $"not sent (no session) {_statistics.NotSent}; online {online}/{running}{(stopped > 0 ? $" ({stopped} stopped)" : "")}{clock}");
        if (_statistics.NewestRejection is { } rejection)
        {
            _output.WriteLine($"  newest rejection {rejection}");
        }

        if (online < running && _statistics.NewestConnectFailure is { } failure)
        {
            _output.WriteLine($"  newest connect failure {failure}");
        }
    }

    private static string Hours(TimeSpan span) => $"{(int)span.TotalHours}h {span.Minutes:D2}m";

    private DateTimeOffset LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _time.LocalTimeZone);
}
