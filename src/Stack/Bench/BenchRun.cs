using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CommandCenter.Simulators.City;
using CommandCenter.Simulators.Cli;
using CommandCenter.Simulators.Load;
using CommandCenter.Stack.Run;

namespace CommandCenter.Stack.Bench;

/// <summary>
/// One benchmark: the command center under MQTT load (after a warm-up), then under the city's baseline load watched
/// through the live hub, then the same devices against Mosquitto driven by several generators toward a rate it cannot
/// reach, and raw writes to InfluxDB; repeated <see cref="BenchOptions.Runs"/> times on fresh processes. Everything
/// runs on free loopback ports in a temporary folder, so it never touches ./data or a running ./run.sh, and
/// everything it started is stopped at the end.
/// </summary>
public sealed partial class BenchRun(BenchOptions options, TextWriter output, TextWriter errors, Signals signals)
{
    private const int RawBatchLines = 5000;
    private const int RawBatches = 20;
    private static readonly TimeSpan RawWriteTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CatchUpDeadline = TimeSpan.FromSeconds(60);

    /// <summary>Seconds the command center has spent in the JIT compiler (.NET's <c>dotnet.jit.compilation.time</c>, on /metrics).</summary>
    private const string JitSecondsCounter = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>Below this share of a core spent in the JIT during a warm-up round, the process counts as warm.</summary>
    private const double JitSettledShare = 0.02;

    private const int SettleRoundSeconds = 3;

    private static readonly TimeSpan WarmupLimit = TimeSpan.FromSeconds(60);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly StopList _started = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-bench.").FullName;
    private int _run = 1;

    /// <summary>Each run's own data: a fresh city, spool, stores and InfluxDB.</summary>
    private string Data => Path.Combine(_folder, $"run-{_run}", "data");

    private string Logs => Path.Combine(_folder, $"run-{_run}", "logs");

    private string Credentials => Path.Combine(Data, DemoCity.CredentialsFileName);

    public async Task<int> RunAsync()
    {
        try
        {
            await BuildAsync();
            var runs = new List<IBenchFigures>();
            for (_run = 1; _run <= options.Runs; _run++)
            {
                Directory.CreateDirectory(Data);
                Directory.CreateDirectory(Logs);
                if (options.Runs > 1)
                {
                    Say($"run {_run} of {options.Runs}");
                }

                IBenchFigures figures = options.Full ? await MeasureCityAsync() : await MeasureAsync();
                await File.WriteAllTextAsync(Path.Combine(Logs, "table.txt"), figures.Table());
                runs.Add(figures);
                await _started.StopAllAsync(TextWriter.Null);
            }

            var summary = BenchSummary.Of(runs);
            output.Write(runs[^1].Table());
            if (runs.Count > 1)
            {
                output.Write(summary.Table());
            }

            await File.WriteAllTextAsync(options.JsonFile, summary.ToJson());
            output.WriteLine($"Figures as JSON: {options.JsonFile}");
            return 0;
        }
        catch (OperationCanceledException) when (signals.ExitCode is not null)
        {
            return signals.ExitCode.Value;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or HttpRequestException or JsonException)
        {
            errors.WriteLine($"bench.sh: {ex.Message}");
            return signals.ExitCode ?? 1;
        }
        finally
        {
            await _started.StopAllAsync(TextWriter.Null);
            if (options.Keep)
            {
                output.WriteLine($"Kept {_folder} (logs in run-N/logs there).");
            }
            else
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
    }

    private void Say(string text) => errors.WriteLine($"[{_clock.Elapsed.TotalSeconds,3:F0}s] {text}");

    private async Task BuildAsync()
    {
        if (!await DebianPackages.EnsureAsync([DebianPackages.Influxdb, DebianPackages.Mosquitto], errors))
        {
            throw new InvalidOperationException("missing system packages");
        }

        if (options.Build)
        {
            var log = Path.Combine(_folder, "build.log");
            Say($"building Release (log: {log}) ...");
            await ReleaseBuild.RunAsync(log);
        }
        else if (!File.Exists(CommandCenterLaunch.Dll) || !File.Exists(ReleaseBuild.SimulatorsDll))
        {
            throw new InvalidOperationException("no Release build; run without --no-build");
        }
    }

    private async Task<BenchFigures> MeasureAsync()
    {
        var started = DateTimeOffset.UtcNow;
        var benchStart = _clock.Elapsed;
        await GenerateCityAsync();
        var influx = await StartInfluxAsync();

        var (httpPort, mqttPort) = (FreePorts.Next(), FreePorts.Next());
        Say($"starting the command center (http {httpPort}, mqtt {mqttPort}) ...");
        var host = await StartCommandCenterAsync("command center", httpPort, mqttPort, influx, [], "commandcenter.log");
        var startup = _clock.Elapsed - benchStart;
        using var stats = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(5) };
        // The ingest figures are for operators and monitoring: read with the demo monitoring client's API key.
        stats.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", MonitoringKey(Data));
        var idleRss = ProcStatus(host.Id, "VmRSS");
        Say($"command center healthy (pid {host.Id}, idle RSS {idleRss / 1024} MB)");

        // Tiered JIT and first-use costs are not what is measured: the same devices at the baseline rate first.
        await WarmUpAsync(stats, mqttPort, "warmup");

        // The first load: as fast as the command center takes it, its CPU (and influxd's) sampled every second.
        Say($"load: {options.Devices} devices, {options.Rate} msg/s target, {options.DurationSeconds}s against the command center ...");
        var before = await CountersAsync(stats);
        var allocatedBefore = await AllocatedBytesAsync(stats);
        using var sampler = new CpuSampler(host.Id, _clock);
        using var influxSampler = new CpuSampler(influx.Pid, _clock);
        var (load, publishStarted) = await LoadAsync(new LoadRun("cc", mqttPort, options.Rate));
        var cpu = sampler.Finish(publishStarted);
        var afterLoad = await CountersAsync(stats);
        var allocated = await AllocatedBytesAsync(stats) - allocatedBefore;

        // End to end: wait (bounded) until every accepted message's points are in InfluxDB.
        Say("load done; waiting for InfluxDB writes to catch up ...");
        var accepted = afterLoad.Accepted - before.Accepted;
        var caughtUp = false;
        var catchUp = Stopwatch.StartNew();
        var now = afterLoad;
        while (catchUp.Elapsed < CatchUpDeadline)
        {
            now = await CountersAsync(stats);
            if (now.PointsSpooled == 0 && now.PointsWritten - before.PointsWritten >= accepted)
            {
                caughtUp = true;
                break;
            }

            await Task.Delay(200, signals.Token);
        }

        var endToEndRate = (now.Accepted - before.Accepted) / (_clock.Elapsed - publishStarted).TotalSeconds;
        var influxCpu = influxSampler.Finish(publishStarted);

        // The same devices at the city's baseline rate, watched as a wall screen and as the console of the firm that maintains
        // most load elevators (demo-users.json, written by the command center), with trapped passengers on that firm's elevators.
        Say($"background: {options.Background} msg/s for {options.DurationSeconds}s with {options.Alarms} trapped-passenger alarms, watched through SignalR ...");
        var (background, _) = await LoadAsync(new LoadRun("live", mqttPort, options.Background) { Extra = ["--live", $"http://127.0.0.1:{httpPort}", "--alarms", $"{options.Alarms}"] });
        if (background.Alarm is null)
        {
            throw new InvalidOperationException($"no alarm latency from the background load (see {Logs}/load-live.txt)");
        }

        // Four times the baseline, with alarms on other elevators of the same firm: the first phase's are still open.
        Say($"heavy background: {options.HeavyBackground} msg/s for {options.DurationSeconds}s with {options.Alarms} more trapped-passenger alarms ...");
        var (heavyBackground, _) = await LoadAsync(new LoadRun("live-heavy", mqttPort, options.HeavyBackground)
        {
            Extra = ["--live", $"http://127.0.0.1:{httpPort}", "--alarms", $"{options.Alarms}", "--skip-alarms", $"{options.Alarms}"],
        });
        if (heavyBackground.Alarm is null)
        {
            throw new InvalidOperationException($"no alarm latency from the heavy background load (see {Logs}/load-live-heavy.txt)");
        }

        // What tracing costs a message: the command center's CPU per accepted message at the tracing rate, untraced here,
        // then on a fresh start with every message traced to a stand-in collector.
        Say($"tracing cost: {options.TracingRate} msg/s for {options.DurationSeconds}s untraced ...");
        var untraced = await CpuPerMessageAsync(host, stats, mqttPort, "steady", options.TracingRate);
        var whole = await CountersAsync(stats);
        var peakRss = ProcStatus(host.Id, "VmHWM");
        await host.StopAsync(TimeSpan.FromSeconds(30));

        Say($"tracing cost: the same with every message traced (OTLP to a local stand-in collector) ...");
        await using var collector = OtlpSink.Start();
        var tracedHost = await StartCommandCenterAsync(
            "command center (traced)", httpPort, mqttPort, influx,
            [$"--Otlp:Endpoint={collector.Url}", "--Otlp:Protocol=HttpProtobuf", "--Otlp:TraceSampleRatio=1"], "commandcenter-traced.log");
        // Warmed up as the first start was, or the traced figure would carry the fresh process's JIT.
        await WarmUpAsync(stats, mqttPort, "warmup-traced");
        var traced = await CpuPerMessageAsync(tracedHost, stats, mqttPort, "steady-traced", options.TracingRate);
        await tracedHost.StopAsync(TimeSpan.FromSeconds(30));
        if (collector.TraceExports == 0)
        {
            throw new InvalidOperationException($"the traced command center exported no traces (see {Logs}/commandcenter-traced.log)");
        }

        Say($"baseline: the same devices against Mosquitto, {options.Generators} generators toward {options.BrokerOnlyRate} msg/s ...");
        var mosquitto = await MosquittoServer.StartAsync();
        _started.Add("mosquitto", async () =>
        {
            await mosquitto.DisposeAsync();
            return "mosquitto";
        });
        var (mosquittoLoad, mosquittoStarted, mosquittoCpu) = await BrokerOnlyAsync(mosquitto);
        await mosquitto.KillAsync();

        Say("baseline: raw InfluxDB /write for ~10 s ...");
        var rawRate = await RawInfluxRateAsync(influx);
        Say($"done in {(_clock.Elapsed - benchStart).TotalSeconds:F0}s (after the build).");

        return new BenchFigures(
            options.Mode, started, Environment.ProcessorCount, ProcMemInfoMegabytes(),
            options.Full ? "yinchuan" : "demo",
            DemoCity.ReadCredentials(Credentials).Devices.Count(d => d.Kind == Protocol.DeviceKind.Elevator),
            options.Devices, options.Rate, options.DurationSeconds, options.Background, options.Alarms,
            new CommandCenterFigures(
                load, accepted, afterLoad.Rejected - before.Rejected, now.PointsWritten - before.PointsWritten, endToEndRate, caughtUp,
                cpu.Average, cpu.Peak, idleRss / 1024, peakRss / 1024, startup.TotalSeconds,
                BrokerOnlyFigures.Reached(load, options.Rate),
                PerMessage(cpu.Used.TotalMicroseconds, accepted),
                PerMessage(load.CpuSeconds * 1e6, load.Sent),
                PerMessage(influxCpu.Used.TotalMicroseconds, accepted),
                PerMessage(allocated, accepted)),
            mosquittoLoad,
            new BrokerOnlyFigures(
                options.BrokerOnlyRate, options.Generators, BrokerOnlyFigures.Reached(mosquittoLoad, options.BrokerOnlyRate),
                PerMessage(mosquittoCpu.TotalMicroseconds, mosquittoLoad.Acknowledged),
                PerMessage(mosquittoLoad.CpuSeconds * 1e6, mosquittoLoad.Sent)),
            rawRate, background, options.HeavyBackground, heavyBackground,
            new WholeRunFigures(whole.Accepted, whole.Rejected, whole.PointsWritten, whole.PointsSpooled),
            new TracingFigures(options.TracingRate, untraced.PerMessage, traced.PerMessage, untraced.Cpu.Average, traced.Cpu.Average, collector.TraceExports));
    }

    private async Task GenerateCityAsync()
    {
        Say($"generating the city ({string.Join(' ', options.CityArguments)}) ...");
        var (cityExit, cityLog) = await CommandLine.RunAsync(new ProcessStartInfo("dotnet", [ReleaseBuild.SimulatorsDll, "city", "--out", Data, .. options.CityArguments]));
        await File.WriteAllTextAsync(Path.Combine(Logs, "city.log"), cityLog);
        if (cityExit != 0)
        {
            throw new InvalidOperationException($"city failed:\n{cityLog}");
        }
    }

    private async Task<InfluxServer> StartInfluxAsync()
    {
        var influxPort = FreePorts.Next();
        Say($"starting influxd on {influxPort} ...");
        var influx = await InfluxServer.StartInDataFolderAsync(Data, influxPort, FreePorts.Next(), Path.Combine(Logs, "influxd.log"), "--");
        _started.Add("influxd", async () =>
        {
            await influx.StopAsync();
            return "influxd";
        });
        return influx;
    }

    /// <summary>Starts the command center from the Release build on the bench's ports and data, and waits until it is healthy.</summary>
    /// <param name="dataFolder">The host's data folder; the run's own unless given (a silo has one of its own).</param>
    /// <param name="environment">Secrets for the host's environment rather than its command line.</param>
    private async Task<ChildProcess> StartCommandCenterAsync(
        string name, int httpPort, int mqttPort, InfluxServer influx, IReadOnlyList<string> extra, string logName,
        string? dataFolder = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var logFile = Path.Combine(Logs, logName);
        var host = CommandCenterLaunch.Start(name, httpPort,
        [
            $"--Mqtt:Port={mqttPort}", $"--Influx:Url={influx.Url}", $"--Data:Path={dataFolder ?? Data}", "--DemoUsers=true",
            $"--Orleans:SiloPort={FreePorts.Next()}", $"--Orleans:GatewayPort={FreePorts.Next()}", .. extra,
        ], logFile, environment);
        _started.Add(name, async () =>
        {
            await host.StopAsync(TimeSpan.FromSeconds(30));
            return name;
        });
        await CommandCenterLaunch.WaitHealthyAsync(() => host, httpPort, logFile, TimeSpan.FromSeconds(120), progress: null, signals.Token);
        return host;
    }

    /// <summary>The command center's CPU while the load ran at <paramref name="rate"/>, and its CPU time per message accepted, in microseconds.</summary>
    private async Task<(CpuUse Cpu, double PerMessage)> CpuPerMessageAsync(ChildProcess host, HttpClient stats, int mqttPort, string name, int rate)
    {
        var before = await CountersAsync(stats);
        using var sampler = new CpuSampler(host.Id, _clock);
        var (_, publishStarted) = await LoadAsync(new LoadRun(name, mqttPort, rate));
        var cpu = sampler.Finish(publishStarted);
        var accepted = (await CountersAsync(stats)).Accepted - before.Accepted;
        return (cpu, PerMessage(cpu.Used.TotalMicroseconds, accepted));
    }

    private static double PerMessage(double total, long messages) => messages > 0 ? total / messages : double.NaN;

    /// <summary>
    /// The devices at the baseline rate, not measured, for <see cref="BenchOptions.WarmupSeconds"/> and then in short rounds
    /// until the JIT has settled (under <see cref="JitSettledShare"/> of a core in a round, by .NET's own
    /// <c>dotnet.jit.compilation.time</c>), at most <see cref="WarmupLimit"/>: tiered JIT and first-use costs are not what
    /// the phases measure. A fresh process still spent a third of a core in the JIT after a fixed 5 s, which was then
    /// counted as the cost of tracing.
    /// </summary>
    private async Task WarmUpAsync(HttpClient stats, int mqttPort, string name)
    {
        Say($"warm-up: {options.Background} msg/s for {options.WarmupSeconds}s, then until the JIT has settled ...");
        var started = _clock.Elapsed;
        await LoadAsync(new LoadRun(name, mqttPort, options.Background) { DurationSeconds = options.WarmupSeconds });
        for (var round = 2; ; round++)
        {
            var (roundStarted, jitBefore) = (_clock.Elapsed, await MetricAsync(stats, JitSecondsCounter));
            await LoadAsync(new LoadRun($"{name}-{round}", mqttPort, options.Background) { DurationSeconds = SettleRoundSeconds });
            var jitShare = (await MetricAsync(stats, JitSecondsCounter) - jitBefore) / (_clock.Elapsed - roundStarted).TotalSeconds;
            var warmedUp = _clock.Elapsed - started;
            if (double.IsNaN(jitShare))
            {
                Say($"warm-up: /metrics carries no {JitSecondsCounter}; warmed up for {warmedUp.TotalSeconds:F0}s without knowing whether the JIT settled");
                return;
            }

            if (jitShare < JitSettledShare || warmedUp >= WarmupLimit)
            {
                Say(jitShare < JitSettledShare
                    ? $"warm-up: the JIT settled after {warmedUp.TotalSeconds:F0}s ({jitShare:P1} of a core in the last round)"
                    : $"warm-up: the JIT still took {jitShare:P1} of a core after {warmedUp.TotalSeconds:F0}s; measuring anyway");
                return;
            }
        }
    }

    /// <summary>
    /// The broker-only baseline: the load's devices split over <see cref="BenchOptions.Generators"/> load processes at
    /// once, each toward its share of <see cref="BenchOptions.BrokerOnlyRate"/>; their figures added up (percentiles: the
    /// worst generator's), when the first began publishing, and Mosquitto's CPU time from then on.
    /// </summary>
    private async Task<(LoadResult Load, TimeSpan PublishStarted, TimeSpan BrokerCpu)> BrokerOnlyAsync(MosquittoServer mosquitto)
    {
        using var sampler = new CpuSampler(mosquitto.Pid, _clock);
        var share = options.Devices / options.Generators;
        var parts = await Task.WhenAll(Enumerable.Range(0, options.Generators).Select(g => LoadAsync(
            new LoadRun($"mosquitto-{g + 1}", mosquitto.Port, options.BrokerOnlyRate / options.Generators)
            {
                Devices = g == options.Generators - 1 ? options.Devices - share * g : share,
                Skip = share * g,
            })));
        var publishStarted = parts.Min(part => part.PublishStarted);
        return (Combined([.. parts.Select(part => part.Result)]), publishStarted, sampler.Finish(publishStarted).Used);
    }

    /// <summary>Several generators' rate phases as one: counts and rates added up, percentiles the worst generator's.</summary>
    private static LoadResult Combined(IReadOnlyList<LoadResult> loads) => new(
        loads.Sum(l => l.Sent), loads.Sum(l => l.Acknowledged), loads.Sum(l => l.Rejected), loads.Sum(l => l.NotSent), loads.Sum(l => l.AchievedRate),
        loads.Max(l => l.P50), loads.Max(l => l.P95), loads.Max(l => l.P99), loads.Max(l => l.Max), CpuSeconds: loads.Sum(l => l.CpuSeconds),
        Sessions: loads.Sum(l => l.Sessions), Connected: loads.Sum(l => l.Connected), ConnectSeconds: loads.Max(l => l.ConnectSeconds));

    /// <summary>One run of the simulators' load verb: its name (for its files), the broker's port, the rate and, unless given, the bench's devices and duration.</summary>
    private sealed record LoadRun(string Name, int Port, int Rate)
    {
        public int? Devices { get; init; }

        public int Skip { get; init; }

        public int? DurationSeconds { get; init; }

        public IReadOnlyList<string> Extra { get; init; } = [];
    }

    /// <summary>
    /// The simulators' load verb, its output in load-NAME.txt and its figures read from its --report file; answers them
    /// and when publishing began (the end-to-end clock starts there, after connecting).
    /// </summary>
    private async Task<(LoadResult Result, TimeSpan PublishStarted)> LoadAsync(LoadRun run)
    {
        var (load, outputFile, report) = StartLoad(run);
        var name = run.Name;
        var publishStarted = TimeSpan.Zero;
        while (!load.HasExited && publishStarted == TimeSpan.Zero)
        {
            if (Readiness.TailOf(outputFile, 200).Split('\n').Any(line => line.StartsWith("Publishing", StringComparison.Ordinal)))
            {
                publishStarted = _clock.Elapsed;
            }

            await Task.Delay(100, signals.Token);
        }

        await load.WaitForExitAsync(signals.Token);
        if (publishStarted == TimeSpan.Zero || !File.Exists(report))
        {
            throw new InvalidOperationException($"the load against {name} produced no figures:\n{Readiness.TailOf(outputFile, 20)}");
        }

        return (JsonSerializer.Deserialize<LoadResult>(await File.ReadAllTextAsync(report), LoadCommand.ReportJson)!, publishStarted);
    }

    /// <summary>Starts one load process; answers it, where its output goes, and where its --report will be.</summary>
    private (ChildProcess Load, string Output, string Report) StartLoad(LoadRun run)
    {
        var report = Path.Combine(Logs, $"load-{run.Name}.json");
        var outputFile = Path.Combine(Logs, $"load-{run.Name}.txt");
        var start = new ProcessStartInfo("dotnet",
        [
            ReleaseBuild.SimulatorsDll, "load", "--credentials", Credentials, "--port", $"{run.Port}",
            "--devices", $"{run.Devices ?? options.Devices}", "--skip", $"{run.Skip}",
            "--rate", $"{run.Rate}", "--duration", $"{run.DurationSeconds ?? options.DurationSeconds}", .. run.Extra, "--report", report,
        ]);
        var load = ChildProcess.StartDetached($"load against {run.Name}", start, outputFile);
        _started.Add(load.Name, async () =>
        {
            await load.StopAsync(TimeSpan.FromSeconds(10));
            load.Dispose();
            return load.Name;
        });
        return (load, outputFile, report);
    }

    /// <summary>
    /// 5,000-line batches shaped like elevator statuses (one series per device), posted back to back for ~10 s by two
    /// concurrent writers; lines accepted (204) per second of wall time.
    /// </summary>
    private async Task<double> RawInfluxRateAsync(InfluxServer influx)
    {
        await influx.CreateDatabaseAsync("bench");
        var t0 = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var batches = Enumerable.Range(0, RawBatches).Select(b =>
        {
            var lines = new StringBuilder();
            for (var i = 0; i < RawBatchLines; i++)
            {
                var k = (long)b * RawBatchLines + i;
                lines.Append(CultureInfo.InvariantCulture,
                    $"elevator_status,device=EL-{k % options.Devices + 1:D5},district=D{k % 6 + 1} floor={k % 20}i,direction=\"up\",door=\"closed\",running=true,people={k % 8}i,seq={k}i {t0 + k * 1000}\n");
            }

            return Encoding.UTF8.GetBytes(lines.ToString());
        }).ToArray();
        var watch = Stopwatch.StartNew();
        async Task<long> WriterAsync(int first)
        {
            var written = 0L;
            for (var i = first; watch.Elapsed < RawWriteTime; i += 2)
            {
                if (await influx.WriteAsync("bench", new ByteArrayContent(batches[i % RawBatches]), signals.Token))
                {
                    written += RawBatchLines;
                }
            }

            return written;
        }

        var lines = await Task.WhenAll(WriterAsync(0), WriterAsync(1));
        return lines.Sum() / watch.Elapsed.TotalSeconds;
    }

    private sealed record IngestCounters(long Accepted, long Rejected, long PointsWritten, long PointsSpooled);

    private async Task<IngestCounters> CountersAsync(HttpClient stats) =>
        JsonSerializer.Deserialize<IngestCounters>(await stats.GetStringAsync("/api/ingest/stats", signals.Token), LoadCommand.ReportJson)!;

    /// <summary>The bytes the command center has allocated since it started (.NET's own counter, on /metrics); NaN when it is not there.</summary>
    private Task<double> AllocatedBytesAsync(HttpClient stats) => MetricAsync(stats, "dotnet_gc_heap_total_allocated_bytes_total");

    /// <summary>The value of a counter without labels (or its first series) on the command center's /metrics; NaN when it is not there.</summary>
    private async Task<double> MetricAsync(HttpClient stats, string counter)
    {
        var metrics = await stats.GetStringAsync("/metrics", signals.Token);
        // "name{labels} value [timestamp]"
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(counter, StringComparison.Ordinal) && l.Length > counter.Length && l[counter.Length] is ' ' or '{');
        var value = line?[(line.IndexOf('}') is var labelsEnd and >= 0 ? labelsEnd + 1 : counter.Length)..].Trim().Split(' ')[0];
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : double.NaN;
    }

    /// <summary>The demo monitoring client's API key from demo-users.json, written at start-up with --DemoUsers=true.</summary>
    private static string MonitoringKey(string dataFolder)
    {
        using var users = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataFolder, "demo-users.json")));
        return users.RootElement.GetProperty("users").EnumerateArray()
            .Where(user => user.GetProperty("name").GetString() == "monitoring")
            .Select(user => user.GetProperty("apiKey").GetString())
            .FirstOrDefault() ?? throw new InvalidOperationException($"no API key of the demo monitoring client in {dataFolder}/demo-users.json");
    }

    /// <summary>A kB figure of /proc/PID/status (VmRSS, VmHWM).</summary>
    private static long ProcStatus(int pid, string key) =>
        File.ReadLines($"/proc/{pid}/status").Where(line => line.StartsWith(key + ":", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).Single();

    private static long ProcMemInfoMegabytes() =>
        File.ReadLines("/proc/meminfo").Where(line => line.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).Single();
}
