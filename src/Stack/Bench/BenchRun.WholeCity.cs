using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Load;

namespace CommandCenter.Stack.Bench;

/// <summary>
/// <c>--full</c>: the whole Yinchuan city connected at once. No process here may hold more than 20,000 open files and
/// there are 28,232 ephemeral ports per source address (docs/operations.md), so the city's 33,000 sessions go to two
/// silos in cluster mode (PostgreSQL), each with its own embedded broker taking half the devices
/// (<c>Orleans:BrokerPerSilo</c>: devices only publish, and ingest reaches grains cluster-wide), from several load
/// processes, each bound to a loopback address of its own.
/// </summary>
public sealed partial class BenchRun
{
    /// <summary>Two silos: 16,500 sessions each stay under a process's 20,000 open files with room for the rest.</summary>
    private const int CitySilos = 2;

    /// <summary>Sessions per load process at most, far below both the open-file limit and the ports of one source address.</summary>
    private const int SessionsPerGenerator = 9000;

    /// <summary>
    /// CONNECTs a generator keeps awaiting their CONNACK. Every device's "online" presence activates its grain, whose
    /// state is read from PostgreSQL: at the load's default 32 per generator the activations of a whole city outran the
    /// silos' connection pools (measured: thousands of failed activations and 30 s call timeouts while connecting).
    /// </summary>
    private const int CityConnectConcurrency = 16;

    /// <summary>
    /// Connections not yet signed in, per source address (<c>Mqtt:Limits:MaxPendingPerAddress</c>, 32 by default),
    /// passed to the silos for this run: twice <see cref="CityConnectConcurrency"/>, because a silo frees a slot only
    /// once its CONNACK has gone out, so a generator's next CONNECT can find the last slot still taken.
    /// </summary>
    private const int CityPendingPerAddress = 2 * CityConnectConcurrency;

    /// <summary>
    /// The devices' MQTT keep-alive. Battery devices ping rarely; at the load's default 15 s the city's quiet sessions
    /// (berth sensors, idle lifts) alone would send about 2,000 pings a second.
    /// </summary>
    private const int DeviceKeepAliveSeconds = 60;

    /// <summary>Npgsql connections per silo at most: two silos and a psql session stay under PostgreSQL's default 100.</summary>
    private const int PostgresPoolPerSilo = 40;

    /// <summary>How long a query waits for a pooled connection (Npgsql's default 15 s): as long as an Orleans call may take.</summary>
    private const int PostgresPoolWaitSeconds = 30;

    private async Task<CityFigures> MeasureCityAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var benchStart = _clock.Elapsed;
        if (!await DebianPackages.EnsureAsync([DebianPackages.Postgresql], errors))
        {
            throw new InvalidOperationException("missing system packages");
        }

        await GenerateCityAsync();
        var devices = DemoCity.ReadCredentials(Credentials).Devices;
        var city = new CityDevices(
            devices.Count(d => d.Kind == DeviceKind.Elevator), devices.Count(d => d.Kind == DeviceKind.Escalator), devices.Count(d => d.Kind == DeviceKind.Berth));
        var influx = await StartInfluxAsync();

        Say("starting PostgreSQL (the cluster's membership, grain state, reminders, users) ...");
        var postgres = await PostgresServer.StartWithOwnerRoleAsync();
        _started.Add("PostgreSQL", async () =>
        {
            await postgres.DisposeAsync();
            return "PostgreSQL";
        });
        // In the silos' environment rather than on their command lines, as run.sh --silos does.
        // Each silo's pool (Orleans storage, membership, reminders and the EF stores share one connection string) stays
        // within PostgreSQL's default 100 connections: a whole city activating its grains at once opens Npgsql's default
        // 100 per silo and is refused ("remaining connection slots are reserved").
        var environment = new Dictionary<string, string>
        {
            ["Orleans__PostgresConnectionString"] = $"{postgres.ConnectionString};Maximum Pool Size={PostgresPoolPerSilo};Timeout={PostgresPoolWaitSeconds}",
        };
        var silos = new List<(ChildProcess Host, int HttpPort, int MqttPort, string Folder, HttpClient Stats)>();
        for (var silo = 1; silo <= CitySilos; silo++)
        {
            var folder = Path.Combine(Data, $"silo-{silo}");
            Directory.CreateDirectory(folder);
            // One set of console users for the cluster: the first silo writes demo-users.json, the others read a copy.
            if (silo > 1)
            {
                File.Copy(Path.Combine(Data, "silo-1", "demo-users.json"), Path.Combine(folder, "demo-users.json"));
            }

            var (httpPort, mqttPort) = (FreePorts.Next(), FreePorts.Next());
            Say($"starting silo {silo} (http {httpPort}, embedded broker {mqttPort}) ...");
            var host = await StartCommandCenterAsync(
                $"silo {silo}", httpPort, mqttPort, influx,
                [
                    $"--City:Path={Data}/city.json", $"--Devices:RegistryFile={Data}/devices.json",
                    "--Orleans:ClusterMode=Postgres", "--Orleans:BrokerPerSilo=true", $"--Orleans:Tls:DemoAuthorityFolder={Data}/tls-cluster",
                    $"--Mqtt:ClientId=bench-silo-{silo}", $"--Mqtt:Limits:MaxPendingPerAddress={CityPendingPerAddress}",
                ],
                $"silo-{silo}.log", folder, environment);
            var stats = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
            stats.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MonitoringKey(Path.Combine(Data, "silo-1")));
            silos.Add((host, httpPort, mqttPort, folder, stats));
            if (silo == 1)
            {
                // The load's --live signs in with the demo users beside the credentials file.
                File.Copy(Path.Combine(folder, "demo-users.json"), Path.Combine(Data, "demo-users.json"));
            }
        }

        var startup = _clock.Elapsed - benchStart;
        var idleRss = silos.Select(s => ProcStatus(s.Host.Id, "VmRSS") / 1024).ToArray();
        Say($"silos healthy (idle RSS {string.Join(" + ", idleRss)} MB)");
        try
        {
            return await DriveCityAsync(started, startup, influx, silos.Select(s => new CitySilo(s.Host, s.HttpPort, s.MqttPort, s.Stats)).ToArray(), idleRss, city);
        }
        finally
        {
            silos.ForEach(s => s.Stats.Dispose());
        }
    }

    private sealed record CitySilo(ChildProcess Host, int HttpPort, int MqttPort, HttpClient Stats);

    /// <summary>The city's devices by kind: lifts and escalators (together its elevators) and berth sensors.</summary>
    private sealed record CityDevices(int Lifts, int Escalators, int Berths)
    {
        public int Elevators => Lifts + Escalators;

        public int Sessions => Lifts + Escalators + Berths;
    }

    /// <summary>One load process of the city: its devices, its silo and its loopback source address.</summary>
    private sealed record CityGenerator(int Index, int Silo, Share Lifts, Share Escalators, Share Berths, string SourceAddress)
    {
        public int Sessions => Lifts.Take + Escalators.Take + Berths.Take;
    }

    /// <summary>A generator's part of one kind of device: how many, after how many of the credentials file.</summary>
    private sealed record Share(int Take, int Skip)
    {
        public static Share Of(int total, int count, int index) => new(total / count + (index < total % count ? 1 : 0), (total / count * index) + Math.Min(index, total % count));
    }

    /// <summary>The whole city split over an even number of generators (each silo gets as many), none above <see cref="SessionsPerGenerator"/>.</summary>
    private static IReadOnlyList<CityGenerator> SplitCity(CityDevices city)
    {
        var count = (int)Math.Ceiling(city.Sessions / (double)SessionsPerGenerator);
        count += count % CitySilos;
        // 127.0.0.1 is left to everything else; each generator has its own address and so its own 28,232 ports.
        return [.. Enumerable.Range(0, count).Select(g => new CityGenerator(
            g, g % CitySilos, Share.Of(city.Lifts, count, g), Share.Of(city.Escalators, count, g), Share.Of(city.Berths, count, g), $"127.0.0.{g + 2}"))];
    }

    private async Task<CityFigures> DriveCityAsync(
        DateTimeOffset started, TimeSpan startup, InfluxServer influx, IReadOnlyList<CitySilo> silos, long[] idleRss, CityDevices city)
    {
        var generators = SplitCity(city);
        var go = Path.Combine(Logs, "go");
        Say($"connecting {city.Sessions} devices ({city.Lifts} lifts, {city.Escalators} escalators, {city.Berths} berth sensors) from {generators.Count} load processes to {silos.Count} silos ...");
        using var influxSampler = new CpuSampler(influx.Pid, _clock);
        var samplers = silos.Select(s => new CpuSampler(s.Host.Id, _clock)).ToArray();
        var connectStarted = _clock.Elapsed;
        var loads = generators.Select(g => StartLoad(new LoadRun($"city-{g.Index + 1}", silos[g.Silo].MqttPort, Math.Max(1, options.Rate / generators.Count))
        {
            Devices = g.Lifts.Take,
            Skip = g.Lifts.Skip,
            Extra =
            [
                "--berths", $"{g.Berths.Take}", "--skip-berths", $"{g.Berths.Skip}",
                "--escalators", $"{g.Escalators.Take}", "--skip-escalators", $"{g.Escalators.Skip}", "--mix", $"{options.DurationSeconds}", "--bind", g.SourceAddress,
                "--start-when", go, "--keep-alive", $"{DeviceKeepAliveSeconds}", "--connect-concurrency", $"{CityConnectConcurrency}",
                .. g.Index == 0 ? (string[])["--live", $"http://127.0.0.1:{silos[0].HttpPort}", "--alarms", $"{options.Alarms}"] : [],
            ],
        })).ToArray();
        try
        {
            // Every generator connects at its own pace; the mix starts when all are in (or gave up on the rest).
            await WaitForAllAsync(loads, "Connected ");
            var connectSeconds = (_clock.Elapsed - connectStarted).TotalSeconds;
            var connectedRss = silos.Select(s => ProcStatus(s.Host.Id, "VmRSS") / 1024).ToArray();
            Say($"all generators connected after {connectSeconds:F0} s (RSS {string.Join(" + ", connectedRss)} MB); the city's baseline mix for {options.DurationSeconds}s ...");
            var beforeMix = await CountersAsync(silos);
            var mixStarted = _clock.Elapsed;
            await File.WriteAllTextAsync(go, "");
            await WaitForAllAsync(loads, "Publishing ", after: "Publishing the city");
            var burstStarted = _clock.Elapsed;
            var afterMix = await CountersAsync(silos);
            Say($"burst: {options.Rate} msg/s target for {options.DurationSeconds}s ...");
            foreach (var (load, _, _) in loads)
            {
                await load.WaitForExitAsync(signals.Token);
            }

            var burstEnded = _clock.Elapsed;
            var afterBurst = await CountersAsync(silos);
            var peakRss = silos.Select(s => ProcStatus(s.Host.Id, "VmHWM") / 1024).ToArray();
            Array.ForEach(samplers, s => s.Finish(burstEnded));
            var results = loads.Select(l => File.Exists(l.Report)
                ? JsonSerializer.Deserialize<LoadResult>(File.ReadAllText(l.Report), LoadCommand.ReportJson)!
                : throw new InvalidOperationException($"the load {l.Output} produced no figures:\n{Readiness.TailOf(l.Output, 20)}")).ToArray();

            Say("waiting for InfluxDB writes to catch up ...");
            var whole = await CatchUpAsync(silos);
            var influxCpu = influxSampler.Finish(mixStarted);
            var mixCpu = samplers.Select(s => s.Between(mixStarted, burstStarted)).ToArray();
            var burstCpu = samplers.Select(s => s.Between(burstStarted, burstEnded)).ToArray();
            var mixAccepted = silos.Select((_, i) => afterMix[i].Accepted - beforeMix[i].Accepted).ToArray();
            var burstAccepted = silos.Select((_, i) => afterBurst[i].Accepted - afterMix[i].Accepted).ToArray();
            var siloFigures = silos.Select((_, i) => new SiloFigures(
                i + 1, generators.Where(g => g.Silo == i).Sum(g => g.Sessions), idleRss[i], connectedRss[i], peakRss[i],
                mixAccepted[i], PerMessage(mixCpu[i].Used.TotalMicroseconds, mixAccepted[i]), mixCpu[i].Average,
                burstAccepted[i], PerMessage(burstCpu[i].Used.TotalMicroseconds, burstAccepted[i]), burstCpu[i].Average)).ToList();

            var mix = CombinedMix([.. results.Select(r => r.Mix ?? throw new InvalidOperationException("a city load ran no mix"))]);
            var alarmed = results[0];
            var background = new LoadResult(
                mix.Sent, mix.Acknowledged, mix.Rejected, mix.NotSent, mix.AchievedRate, mix.P50, mix.P95, mix.P99, mix.Max,
                alarmed.WallPush, alarmed.Alarm, mix.CpuSeconds);
            var burst = Combined(results);
            var accepted = mixAccepted.Sum() + burstAccepted.Sum();
            Say("done.");
            return new CityFigures(
                options.Mode, started, Environment.ProcessorCount, ProcMemInfoMegabytes(), "yinchuan", city.Elevators, city.Berths, silos.Count,
                options.DurationSeconds, options.DurationSeconds, options.Rate, options.Alarms,
                new ConnectFigures(results.Sum(r => r.Sessions), results.Sum(r => r.Connected), connectSeconds, generators.Count,
                    [.. generators.Select(g => g.SourceAddress)], CityPendingPerAddress),
                background, mix, mixAccepted.Sum(),
                new CityCommandCenterFigures(
                    burst, burstAccepted.Sum(), silos.Select((_, i) => afterBurst[i].Rejected - beforeMix[i].Rejected).Sum(),
                    idleRss.Sum(), connectedRss.Sum(), peakRss.Sum(),
                    PerMessage(burstCpu.Sum(c => c.Used.TotalMicroseconds), burstAccepted.Sum()),
                    PerMessage(mixCpu.Sum(c => c.Used.TotalMicroseconds), mixAccepted.Sum()),
                    startup.TotalSeconds, siloFigures),
                PerMessage(mix.CpuSeconds * 1e6, mix.Sent),
                PerMessage(burst.CpuSeconds * 1e6, burst.Sent),
                PerMessage(influxCpu.Used.TotalMicroseconds, accepted),
                whole);
        }
        finally
        {
            Array.ForEach(samplers, s => s.Dispose());
        }
    }

    /// <summary>Waits until every load process has printed a line starting with <paramref name="marker"/> (after one starting with <paramref name="after"/>, if given), or exited.</summary>
    private async Task WaitForAllAsync(IReadOnlyList<(ChildProcess Load, string Output, string Report)> loads, string marker, string? after = null)
    {
        bool Reached((ChildProcess Load, string Output, string Report) load)
        {
            var lines = Readiness.TailOf(load.Output, 400).Split('\n');
            var from = after is null ? 0 : Array.FindLastIndex(lines, line => line.StartsWith(after, StringComparison.Ordinal));
            return load.Load.HasExited || (from >= 0 && lines.Skip(from + (after is null ? 0 : 1)).Any(line => line.StartsWith(marker, StringComparison.Ordinal)));
        }

        while (!loads.All(Reached))
        {
            await Task.Delay(200, signals.Token);
        }
    }

    private async Task<IngestCounters[]> CountersAsync(IReadOnlyList<CitySilo> silos) =>
        await Task.WhenAll(silos.Select(s => CountersAsync(s.Stats)));

    /// <summary>Waits (bounded) until every silo has written to InfluxDB what it accepted; the whole run's counters, all silos added up.</summary>
    private async Task<WholeRunFigures> CatchUpAsync(IReadOnlyList<CitySilo> silos)
    {
        var deadline = Stopwatch.StartNew();
        IngestCounters[] now;
        do
        {
            now = await CountersAsync(silos);
            if (now.All(c => c.PointsSpooled == 0))
            {
                break;
            }

            await Task.Delay(500, signals.Token);
        }
        while (deadline.Elapsed < CatchUpDeadline);

        return new WholeRunFigures(now.Sum(c => c.Accepted), now.Sum(c => c.Rejected), now.Sum(c => c.PointsWritten), now.Sum(c => c.PointsSpooled));
    }

    /// <summary>The generators' mixes as one: counts and rates added up, percentiles the worst generator's.</summary>
    private static MixResult CombinedMix(IReadOnlyList<MixResult> mixes) => new(
        mixes.Max(m => m.Seconds), mixes.Sum(m => m.Sent), mixes.Sum(m => m.Statuses), mixes.Sum(m => m.BerthMessages), mixes.Sum(m => m.EscalatorStatuses), mixes.Sum(m => m.Events),
        mixes.Sum(m => m.Acknowledged), mixes.Sum(m => m.Rejected), mixes.Sum(m => m.NotSent), mixes.Sum(m => m.AchievedRate),
        mixes.Max(m => m.P50), mixes.Max(m => m.P95), mixes.Max(m => m.P99), mixes.Max(m => m.Max), mixes.Sum(m => m.CpuSeconds));
}
