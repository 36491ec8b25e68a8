using System.Net;

namespace CommandCenter.Testing;

/// <summary>
/// A real influxd and a command center running the demo city (<see cref="TestCity"/>) with its
/// seeded demo console users. Everything it started and wrote is removed on dispose.
/// </summary>
public sealed class DemoCityHost : IAsyncDisposable
{
    private DemoCityHost(InfluxServer influx, CommandCenterProcess host, string dataFolder)
    {
        Influx = influx;
        Host = host;
        DataFolder = dataFolder;
    }

    public InfluxServer Influx { get; }

    public CommandCenterProcess Host { get; }

    public string DataFolder { get; }

    public static async Task<DemoCityHost> StartAsync(params string[] extraArguments)
    {
        var dataFolder = TestCity.CreateDataFolder();
        var influx = await InfluxServer.StartAsync();
        try
        {
            return new DemoCityHost(influx, await CommandCenterProcess.StartAsync(influx.Url, [$"--Data:Path={dataFolder}", .. extraArguments]), dataFolder);
        }
        catch
        {
            await influx.DisposeAsync();
            Directory.Delete(dataFolder, recursive: true);
            throw;
        }
    }

    /// <summary>Signs in as a seeded demo user (<c>operator</c>, <c>firm-FIRM-001</c>, …).</summary>
    public Task<CookieContainer> SignInAsync(string userName) => Host.CookiesOfAsync(userName);

    public string DemoPassword(string userName) => ConsoleSignIn.DemoPassword(DataFolder, userName);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Influx.DisposeAsync();
        Directory.Delete(DataFolder, recursive: true);
    }
}
