using System.Collections.Concurrent;
using CommandCenter.Audit;
using CommandCenter.Audit.Store;
using CommandCenter.Auth;
using CommandCenter.Live;
using CommandCenter.TelemetryIngest;
using Microsoft.AspNetCore.SignalR;
using CommandCenter.Tests.Relational;
using CommandCenter.Protocol;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// Throttling alerts on fake time, with the audit log on its SQLite store: a client hammering away is
/// reported once per window, not once per refusal, and reported again when it is still at it after the
/// window.
/// </summary>
public sealed class ThrottleAlertsTests() : StoreTests(Directory.CreateTempSubdirectory("cc-throttle-").FullName)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly AuditActor Client = new("gateway", Roles.Integration, "10.0.0.7");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly RecordingHub _hub = new();
    private ThrottleAlerts Alerts => Services.GetRequiredService<ThrottleAlerts>();

    protected override ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<DataOptions>(data => data.Path = DataFolder);
        services.AddAuditLog(configuration);
        services.AddSingleton<IHubContext<LiveHub, ILiveClient>>(_hub);
        services.AddSingleton<ThrottleAlerts>();
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Throttled_ManyTimesInOneWindow_IsAlertedOnce_AndAgainOnceTheWindowHasPassed()
    {
        for (var refusal = 0; refusal < 5; refusal++)
        {
            await ThrottledAsync("api-client:gateway");
        }

        _time.Advance(Window - TimeSpan.FromSeconds(1));
        await ThrottledAsync("api-client:gateway");
        var withinTheWindow = await ThrottledTargetsAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        await ThrottledAsync("api-client:gateway");

        withinTheWindow.ShouldBe(["api-client:gateway"]);
        (await ThrottledTargetsAsync()).ShouldBe(["api-client:gateway", "api-client:gateway"]);
        _hub.Sent.Count.ShouldBe(2);
        _hub.Sent.ShouldAllBe(sent => sent.Group == LiveHubGroups.SecurityAlerts);
    }

    [Fact]
    public async Task Throttled_TwoPartitionsAtOnce_EachIsAlerted()
    {
        await ThrottledAsync("address:10.0.0.7");
        await ThrottledAsync("user:operator@10.0.0.7");
        await ThrottledAsync("address:10.0.0.7");

        (await ThrottledTargetsAsync()).ShouldBe(["address:10.0.0.7", "user:operator@10.0.0.7"]);
        _hub.Sent.Select(sent => sent.Alert.Partition).ShouldBe(["address:10.0.0.7", "user:operator@10.0.0.7"]);
        _hub.Sent.First().Alert.Address.ShouldBe("10.0.0.7");
    }

    private Task ThrottledAsync(string partition) => Alerts.ThrottledAsync(Client, partition, "5 per 00:01:00 (ApiKeys:PerClientPerMinute)", Window);

    private async Task<List<string?>> ThrottledTargetsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditStore>().Entries
            .Where(e => e.Action == AuditActions.Throttled).OrderBy(e => e.Id).Select(e => e.Target).ToListAsync(Ct);
    }

    /// <summary>The hub as far as the alerts use it: which alert was pushed to which group.</summary>
    private sealed class RecordingHub : IHubContext<LiveHub, ILiveClient>
    {
        public RecordingHub() => Clients = new GroupsOnly(this);

        public ConcurrentQueue<(string Group, ThrottleAlert Alert)> Sent { get; } = new();

        public IHubClients<ILiveClient> Clients { get; }

        public IGroupManager Groups => throw new NotSupportedException();

        private sealed class GroupsOnly(RecordingHub hub) : IHubClients<ILiveClient>
        {
            public ILiveClient All => throw new NotSupportedException();

            public ILiveClient Group(string groupName) => new GroupClient(hub, groupName);

            public ILiveClient AllExcept(IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

            public ILiveClient Client(string connectionId) => throw new NotSupportedException();

            public ILiveClient Clients(IReadOnlyList<string> connectionIds) => throw new NotSupportedException();

            public ILiveClient GroupExcept(string groupName, IReadOnlyList<string> excludedConnectionIds) => throw new NotSupportedException();

            public ILiveClient Groups(IReadOnlyList<string> groupNames) => throw new NotSupportedException();

            public ILiveClient User(string userId) => throw new NotSupportedException();

            public ILiveClient Users(IReadOnlyList<string> userIds) => throw new NotSupportedException();
        }

        private sealed class GroupClient(RecordingHub hub, string group) : ILiveClient
        {
            public Task Throttled(ThrottleAlert alert)
            {
                hub.Sent.Enqueue((group, alert));
                return Task.CompletedTask;
            }

            public Task ElevatorsChanged(IReadOnlyList<LiveElevator> batch) => throw new NotSupportedException();

            public Task AlarmChanged(LiveAlarm alarm) => throw new NotSupportedException();
        }
    }
}
