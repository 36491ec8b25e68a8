using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Referrals;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Referrals;

/// <summary>A loopback HTTPS hotline and the demo city's command center set up to call it back; disposed together, a restarted process too.</summary>
internal sealed class HotlineCity : IAsyncDisposable
{
    private HotlineCity(HotlineReceiver receiver, DemoCityHost city) => (Receiver, City) = (receiver, city);

    public HotlineReceiver Receiver { get; }

    public DemoCityHost City { get; }

    /// <summary>The command center after <see cref="RestartAsync"/>; the first one until then.</summary>
    public CommandCenterProcess Host => _restarted ?? City.Host;

    private CommandCenterProcess? _restarted;

    public static async Task<HotlineCity> StartAsync()
    {
        var receiver = await HotlineReceiver.StartAsync();
        try
        {
            return new HotlineCity(receiver, await DemoCityHost.StartAsync(ReferralHosts.Arguments(receiver)));
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the command center, as a crash would, and starts it again on the same data folder.</summary>
    public async Task<CommandCenterProcess> RestartAsync() => _restarted = await Host.RestartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_restarted is not null)
        {
            await _restarted.DisposeAsync();
        }

        await City.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>What the referral tests share: the host's settings for a loopback HTTPS hotline, a case, the steps to close it.</summary>
internal static class ReferralHosts
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// Loopback allowed and the receiver's CA trusted; deadlines swept and failed callbacks retried within a second, and
    /// an attempt cut off by a kill taken over after a few seconds (its lease is three send timeouts).
    /// </summary>
    public static string[] Arguments(HotlineReceiver receiver) =>
    [
        "--Referrals:AllowPrivateTargets=true", $"--Referrals:TrustedCaFile={receiver.CaFile}",
        "--Deadlines:SweepInterval=00:00:00.200", "--Notifications:FirstRetryDelay=00:00:01", "--Notifications:MaxRetryDelay=00:00:01",
        "--Notifications:PollInterval=00:00:00.200", "--Notifications:SendTimeout=00:00:02",
    ];

    public static object Case(string caseNumber) => new
    {
        caseNumber,
        category = "exposed-garbage",
        description = "小区门口垃圾堆积三天无人清运",
        address = "兴庆区解放东街 8 号",
        caller = new { name = "张先生", phone = "13800000000" },
    };

    /// <summary>The admin points the referral client's callbacks at the URL; answers the signing secret, shown this once.</summary>
    public static async Task<string> SetCallbackAsync(CommandCenterProcess host, string url)
    {
        using var admin = await host.SignInAsync("admin");
        var set = await admin.PutAsJsonAsync("/api/admin/referrals/clients/referrals/callback", new { url }, Cancel);
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync(Cancel));
        return (await set.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("secret").GetString()!;
    }

    /// <summary>File, dispatch to a department, start, feed back, verify and close, as the city operator.</summary>
    public static async Task CloseAsync(HttpClient operatorHttp, string ticketId, string feedback)
    {
        foreach (var (action, body) in new (string, object)[]
        {
            ("file", new { actor = "受理员" }),
            ("dispatch", new { actor = "派遣员", target = new { level = "Department", id = "cg" } }),
            ("start", new { actor = "处置员" }),
            ("feedback", new { actor = "处置员", comment = feedback }),
            ("verify", new { actor = "核查员" }),
            ("close", new { actor = "结案员" }),
        })
        {
            var step = await operatorHttp.PostAsJsonAsync($"/api/tickets/{ticketId}/{action}", body, Cancel);
            step.StatusCode.ShouldBe(HttpStatusCode.OK, $"{action}: {await step.Content.ReadAsStringAsync(Cancel)}");
        }
    }

    public static string Signature(string secret, long timestamp, byte[] body) => ReferralCallbackChannel.Sign(secret, timestamp, body);
}
