using System.Diagnostics;
using System.Net;

namespace CommandCenter.Testing;

/// <summary>
/// The real command center, started from its build output as a user would run it, on ephemeral
/// ports (HTTP, MQTT, Orleans) and pointed at a given InfluxDB. Its output is kept for assertions.
/// </summary>
public sealed class CommandCenterProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _influxUrl;
    private readonly string[] _extraArguments;
    private readonly IReadOnlyList<string> _moreUrls;

    private string? _ownedDataFolder;

    private CommandCenterProcess(
        Process process, string influxUrl, string[] extraArguments, IReadOnlyList<string> moreUrls, int httpPort, int mqttPort, string dataFolder, bool ownsDataFolder)
    {
        _process = process;
        _influxUrl = influxUrl;
        _extraArguments = extraArguments;
        _moreUrls = moreUrls;
        DataFolder = dataFolder;
        _ownedDataFolder = ownsDataFolder ? dataFolder : null;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        BaseUrl = $"http://127.0.0.1:{httpPort}";
        Anonymous = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        Http = Anonymous;
        Log.Attach(process);
    }

    public int HttpPort { get; }

    /// <summary>The host's data folder (spool, dead letters, device registry).</summary>
    public string DataFolder { get; }

    public int MqttPort { get; }

    public string BaseUrl { get; }

    /// <summary>
    /// Signed in as the demo city-wide <c>operator</c> (with the antiforgery header on writes), when the
    /// host seeded demo users; otherwise the same as <see cref="Anonymous"/>.
    /// </summary>
    public HttpClient Http { get; private set; }

    /// <summary>No cookie, no key: what anyone on the network gets.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client signed in as this demo user (its password from <c>demo-users.json</c>).</summary>
    public async Task<HttpClient> SignInAsync(string userName) => ConsoleSignIn.ClientFor(BaseUrl, await CookiesOfAsync(userName));

    /// <summary>The cookies of this demo user, signed in, for a SignalR client or a WebSocket.</summary>
    public Task<CookieContainer> CookiesOfAsync(string userName) => ConsoleSignIn.SignInAsync(
        BaseUrl, userName, ConsoleSignIn.DemoPassword(DataFolder, userName), ConsoleSignIn.DemoAuthenticatorKey(DataFolder, userName));

    /// <summary>A client that sends this demo integration client's API key as a bearer token.</summary>
    public HttpClient ApiKeyClient(string userName)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ConsoleSignIn.DemoApiKey(DataFolder, userName));
        return client;
    }

    public ProcessLog Log { get; } = new();

    /// <summary>Lines the host logged at error or critical level.</summary>
    public IReadOnlyList<string> ErrorLines => Log.Lines.Where(l => l.Contains(" fail: ", StringComparison.Ordinal) || l.Contains(" crit: ", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// Starts the host and returns once <c>/health</c> answers 200. Unless the arguments name a
    /// data folder (<c>--Data:Path=…</c>, kept afterwards, e.g. for restart tests), a temporary one is
    /// used and deleted on dispose. The test device registry is written into it when missing.
    /// </summary>
    public static Task<CommandCenterProcess> StartAsync(string influxUrl, params string[] extraArguments) => StartAsync(influxUrl, moreUrls: [], extraArguments);

    /// <summary>
    /// As <see cref="StartAsync(string, string[])"/>, serving plain HTTP on <paramref name="moreUrls"/> too
    /// (e.g. an address other than loopback) besides <see cref="BaseUrl"/>.
    /// </summary>
    public static async Task<CommandCenterProcess> StartAsync(string influxUrl, IReadOnlyList<string> moreUrls, params string[] extraArguments)
    {
        var givenMqttPort = extraArguments.Select(a => a.Split('=')).Where(kv => kv[0] == "--Mqtt:Port").Select(kv => (int?)int.Parse(kv[1])).FirstOrDefault();
        var givenData = extraArguments.FirstOrDefault(a => a.StartsWith("--Data:Path=", StringComparison.Ordinal))?["--Data:Path=".Length..];
        for (var attempt = 1; ; attempt++)
        {
            var dataFolder = givenData ?? Directory.CreateTempSubdirectory("cc-data-").FullName;
            try
            {
                return await StartAsync(influxUrl, extraArguments, moreUrls, FreePorts.Next(), givenMqttPort ?? FreePorts.Next(), dataFolder, ownsDataFolder: givenData is null);
            }
            catch (InvalidOperationException ex) when (attempt < PortAttempts && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took a port between FreePorts handing it out and this host binding it (hosts start side
                // by side in the suite): start again on fresh ports, as InfluxServer does.
            }
        }
    }

    private const int PortAttempts = 3;

    /// <summary>
    /// Kills this host, as a crash would, and starts a new one on the same HTTP and MQTT ports with the
    /// same data folder and arguments, as the same server coming back. The new host takes over this
    /// one's data folder (and deletes it on dispose if this one would have).
    /// </summary>
    public async Task<CommandCenterProcess> RestartAsync()
    {
        await KillAsync();
        var ownsDataFolder = _ownedDataFolder is not null;
        _ownedDataFolder = null;
        return await StartAsync(_influxUrl, _extraArguments, _moreUrls, HttpPort, MqttPort, DataFolder, ownsDataFolder);
    }

    private static async Task<CommandCenterProcess> StartAsync(
        string influxUrl, string[] extraArguments, IReadOnlyList<string> moreUrls, int httpPort, int mqttPort, string dataFolder, bool ownsDataFolder)
    {
        TestDevices.WriteRegistryTo(dataFolder);
        var output = RepositoryPaths.CommandCenterOutput;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string[] arguments =
        [
            Path.Combine(output, "CommandCenter.dll"),
            // Demo users of every role; the suite signs in and calls with API keys far more often than the limits allow.
            "--DemoUsers=true",
            "--SignIn:PerAddressPerMinute=100000",
            "--SignIn:PerUserPer15Minutes=100000",
            "--SignIn:FreeFailures=100000",
            "--ApiKeys:PerClientPerMinute=100000",
            "--ApiKeys:Open311PostsPerClientPerMinute=100000",
            "--urls", string.Join(';', [$"http://127.0.0.1:{httpPort}", .. moreUrls]),
            "--contentRoot", output,
            $"--Mqtt:Port={mqttPort}",
            $"--Data:Path={dataFolder}",
            $"--Influx:Url={influxUrl}",
            $"--Orleans:SiloPort={FreePorts.Next()}",
            $"--Orleans:GatewayPort={FreePorts.Next()}",
            .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var host = new CommandCenterProcess(
            Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), influxUrl, extraArguments, moreUrls, httpPort, mqttPort, dataFolder, ownsDataFolder);
        try
        {
            await Eventually.TrueAsync(
                async () => host._process.HasExited
                    ? throw new InvalidOperationException($"command center exited with {host._process.ExitCode}:\n{host.Log.Tail()}")
                    : (await host.Anonymous.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
                StartDeadline,
                "the command center to report healthy");
        }
        catch (TimeoutException ex)
        {
            await host.DisposeAsync();
            throw new TimeoutException($"{ex.Message}\n{host.Log.Tail()}", ex);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own (a test may expect that): its temporary data folder goes too.
            await host.DisposeAsync();
            throw;
        }

        if (File.Exists(Path.Combine(dataFolder, ConsoleSignIn.DemoUsersFile)))
        {
            host.Http = await host.SignInAsync("operator");
        }

        return host;
    }

    /// <summary>
    /// For a silo that joined a cluster whose store another silo seeded: takes that silo's demo users
    /// file (the users are in the shared store, the passwords only in the seeder's file) and signs
    /// <see cref="Http"/> in as the operator.
    /// </summary>
    public async Task UseDemoUsersOfAsync(CommandCenterProcess seeder)
    {
        var mine = Path.Combine(DataFolder, ConsoleSignIn.DemoUsersFile);
        if (!File.Exists(mine))
        {
            File.Copy(Path.Combine(seeder.DataFolder, ConsoleSignIn.DemoUsersFile), mine);
            Http = await SignInAsync("operator");
        }
    }

    /// <summary>Runs the <c>users</c> host command on this command center's data folder, as an operator at its console would; fails unless it exits 0.</summary>
    public async Task<string> UsersCommandAsync(params string[] arguments)
    {
        var (exitCode, output) = await RunUsersCommandAsync(arguments);
        return exitCode == 0 ? output : throw new InvalidOperationException($"users {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
    }

    /// <summary>Runs the <c>users</c> host command and answers its exit code and output, for a test that expects a refusal.</summary>
    public Task<(int ExitCode, string Output)> RunUsersCommandAsync(params string[] arguments) =>
        CommandLine.RunAsync("dotnet", [Path.Combine(RepositoryPaths.CommandCenterOutput, "CommandCenter.dll"), "users", .. arguments, $"--Data:Path={DataFolder}"]);

    /// <summary>The password <c>users add</c> or <c>users reset-password</c> printed.</summary>
    public static string PasswordIn(string usersCommandOutput) => SecretIn(usersCommandOutput, "Password");

    /// <summary>The API key <c>users add</c> printed for an integration client.</summary>
    public static string ApiKeyIn(string usersCommandOutput) => SecretIn(usersCommandOutput, "Its API key");

    private static string SecretIn(string output, string label) =>
        System.Text.RegularExpressions.Regex.Match(output, $"{label}, shown only now: (\\S+)") is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"no {label} in: {output}");

    /// <summary>Kills the process at once, as a crash or <c>kill -9</c> would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (Http != Anonymous)
        {
            Http.Dispose();
        }

        Anonymous.Dispose();
        if (_ownedDataFolder is not null)
        {
            Directory.Delete(_ownedDataFolder, recursive: true);
        }
    }
}
