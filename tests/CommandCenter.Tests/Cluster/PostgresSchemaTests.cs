using System.Net;
using CommandCenter.Cluster;
using CommandCenter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>
/// Our PostgreSQL schema against the real Orleans ADO.NET providers: a real PostgreSQL 15 and two
/// real silos in this process that share membership, grain state and reminders through it. As in
/// <c>run.sh --cluster</c>, they connect with scram-sha-256 as the role that owns the database and is no superuser.
/// </summary>
public sealed class PostgresSchemaTests(PostgresClusterFixture cluster) : IClassFixture<PostgresClusterFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Every key the 10.4.2 providers look up (read from their assemblies), plus the optional ones they use when present.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey",
        "InsertMembershipKey", "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey",
        "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
        "ClearStorageKey", "DeleteStorageKey", "ReadFromStorageKey", "WriteToStorageKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "ReadReminderRowKey", "ReadReminderRowsKey", "UpsertReminderRowKey",
    ];

    [Fact]
    public async Task Two_silos_applying_the_schema_at_once_create_it_once()
    {
        var connectionString = await cluster.Postgres.CreateDatabaseAsync("schema_race");
        var first = new RecordingLogger();
        var second = new RecordingLogger();

        await Task.WhenAll(
            PostgresClusterSchema.EnsureAsync(connectionString, first, TestContext.Current.CancellationToken),
            PostgresClusterSchema.EnsureAsync(connectionString, second, TestContext.Current.CancellationToken));
        var third = new RecordingLogger();
        await PostgresClusterSchema.EnsureAsync(connectionString, third, TestContext.Current.CancellationToken);

        (await QueryAsync<int>(connectionString, "SELECT revision FROM cc_cluster_schema")).ShouldBe([PostgresClusterSchema.Revision]);
        (await QueryAsync<string>(connectionString, "SELECT QueryKey FROM OrleansQuery")).ShouldBe(ProviderQueryKeys, ignoreOrder: true);
        var messages = first.Messages.Concat(second.Messages).ToList();
        messages.Count(m => m.Contains("applied revision", StringComparison.Ordinal)).ShouldBe(1, string.Join('\n', messages));
        messages.Count(m => m.Contains("nothing to do", StringComparison.Ordinal)).ShouldBe(1, string.Join('\n', messages));
        third.Messages.ShouldHaveSingleItem().ShouldContain("nothing to do");
    }

    [Fact]
    public async Task The_schema_belongs_to_the_owner_role_which_is_no_superuser_and_cannot_reach_beyond_its_database()
    {
        var connectionString = cluster.ConnectionString;
        new NpgsqlConnectionStringBuilder(connectionString).Username.ShouldBe(PostgresServer.OwnerRole);
        (await QueryAsync<bool>(connectionString, "SELECT rolsuper OR rolcreatedb OR rolcreaterole OR rolbypassrls OR rolreplication FROM pg_roles WHERE rolname = current_user"))
            .ShouldBe([false]);
        (await QueryAsync<string>(connectionString, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")).ShouldBe([PostgresServer.OwnerRole]);
        var owners = await QueryAsync<string>(connectionString,
            "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'");
        owners.ShouldBe([PostgresServer.OwnerRole], "every table the schema made is the owner role's");

        // What a superuser could do and this role may not: make databases or roles, read the server's files.
        foreach (var sql in new[] { "CREATE DATABASE intruder", "CREATE ROLE intruder", "SELECT pg_read_file('postgresql.conf')" })
        {
            var refused = await Should.ThrowAsync<PostgresException>(() => QueryAsync<object>(connectionString, sql));
            refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, sql);
        }

        // A wrong password is refused: the server asks for one.
        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = "wrong" }.ConnectionString;
        (await Should.ThrowAsync<PostgresException>(() => QueryAsync<int>(wrong, "SELECT 1"))).SqlState.ShouldBe(PostgresErrorCodes.InvalidPassword);
    }

    [Fact]
    public async Task Both_silos_are_active_in_the_membership_table_and_see_each_other()
    {
        var expected = new[] { cluster.First.Address, cluster.Second.Address };

        var active = await QueryAsync<string>(cluster.ConnectionString,
            $"SELECT address || ':' || port || '@' || generation FROM orleans_membership WHERE deployment_id = '{cluster.ClusterId}' AND status = {(int)SiloStatus.Active}");
        active.ShouldBe(expected.Select(a => $"{a.Endpoint.Address}:{a.Endpoint.Port}@{a.Generation}"), ignoreOrder: true);
        foreach (var silo in new[] { cluster.First, cluster.Second })
        {
            await Eventually.TrueAsync(
                () => Task.FromResult(expected.All(address => silo.ActiveMembers().Contains(address))),
                Deadline,
                $"silo {silo.Address} to see both silos as active");
        }
    }

    [Fact]
    public async Task State_written_through_one_silo_is_read_back_by_a_new_activation()
    {
        var key = $"state-{Guid.NewGuid():N}";
        var writer = cluster.First.Grains.GetGrain<IClusterProbeGrain>(key);
        // A list literal makes a compiler-generated IReadOnlyList type, which only the binary serializer reads back.
        IReadOnlyList<string> items = ["north gate", "lift 3"];

        var written = await writer.SaveAsync(items);
        await writer.DeactivateAsync();
        var reader = cluster.Second.Grains.GetGrain<IClusterProbeGrain>(key);
        var read = await Eventually.ValueAsync(
            async () => await reader.ReportAsync() is { } report && report.Activation != written.Activation ? report : null,
            Deadline,
            "a new activation of the probe grain");

        read.Items.ShouldBe(items);
        read.ETag.ShouldBe(written.ETag);
        read.RecordExists.ShouldBeTrue();
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused()
    {
        var storage = cluster.First.Storage;
        var grainId = GrainId.Create("clusterprobe", $"etag-{Guid.NewGuid():N}");
        var holder = new GrainState<ClusterProbeState>();
        await storage.ReadStateAsync(PostgresClusterFixture.StateName, grainId, holder);
        holder.RecordExists.ShouldBeFalse();
        holder.ETag.ShouldBeNull();

        holder.State = new ClusterProbeState { Items = ["first"] };
        await storage.WriteStateAsync(PostgresClusterFixture.StateName, grainId, holder);
        var stale = new GrainState<ClusterProbeState>();
        await storage.ReadStateAsync(PostgresClusterFixture.StateName, grainId, stale);
        stale.ETag.ShouldBe(holder.ETag);
        holder.State = new ClusterProbeState { Items = ["second"] };
        await storage.WriteStateAsync(PostgresClusterFixture.StateName, grainId, holder);

        stale.State = new ClusterProbeState { Items = ["lost update"] };
        await Should.ThrowAsync<InconsistentStateException>(() => storage.WriteStateAsync(PostgresClusterFixture.StateName, grainId, stale));
        var unaware = new GrainState<ClusterProbeState>(new ClusterProbeState { Items = ["blind insert"] });
        await Should.ThrowAsync<InconsistentStateException>(() => storage.WriteStateAsync(PostgresClusterFixture.StateName, grainId, unaware));
        var current = new GrainState<ClusterProbeState>();
        await storage.ReadStateAsync(PostgresClusterFixture.StateName, grainId, current);
        current.State.ShouldNotBeNull().Items.ShouldBe(["second"]);
        current.ETag.ShouldBe(holder.ETag);

        await Should.ThrowAsync<InconsistentStateException>(() => storage.ClearStateAsync(PostgresClusterFixture.StateName, grainId, stale));
        await storage.ClearStateAsync(PostgresClusterFixture.StateName, grainId, holder);
        var cleared = new GrainState<ClusterProbeState>();
        await storage.ReadStateAsync(PostgresClusterFixture.StateName, grainId, cleared);
        cleared.RecordExists.ShouldBeFalse();
        cleared.ETag.ShouldBe(holder.ETag);
        cleared.State.ShouldNotBeNull().Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_reminder_is_stored_and_read_back_by_grain_and_hash_range()
    {
        var key = $"reminder-{Guid.NewGuid():N}";
        var grain = cluster.First.Grains.GetGrain<IClusterProbeGrain>(key);

        (await grain.RegisterReminderAsync("patrol")).ShouldBeTrue();

        var grainId = grain.GetGrainId();
        (await QueryAsync<long>(cluster.ConnectionString,
            $"SELECT period FROM orleans_reminder WHERE grain_id = '{grainId}' AND reminder_name = 'patrol'")).ShouldBe([600_000L]);
        var table = cluster.Second.Services.GetRequiredService<IReminderTable>();
        var ct = TestContext.Current.CancellationToken;
        var row = await table.ReadRow(grainId, "patrol", ct);
        row.ShouldNotBeNull().Period.ShouldBe(TimeSpan.FromMinutes(10));
        (await table.ReadRows(grainId, ct)).Reminders.ShouldHaveSingleItem().ReminderName.ShouldBe("patrol");

        // (begin, end] on the unsigned ring; the provider switches queries on the signed order of the bounds.
        var hash = grainId.GetUniformHashCode();
        (await RangeHasAsync(table, hash - 1, hash, grainId)).ShouldBeTrue();
        (await RangeHasAsync(table, hash, hash + 1, grainId)).ShouldBeFalse();
        (await RangeHasAsync(table, hash + 1, hash, grainId)).ShouldBeTrue();
        (await RangeHasAsync(table, hash, hash, grainId)).ShouldBeTrue();
        // Half rings: whatever the hash, one of the two crosses the signed boundary.
        (await RangeHasAsync(table, hash - 0x8000_0000u, hash, grainId)).ShouldBeTrue();
        (await RangeHasAsync(table, hash, hash + 0x8000_0000u, grainId)).ShouldBeFalse();

        (await table.RemoveRow(grainId, "patrol", "999", ct)).ShouldBeFalse();
        (await table.RemoveRow(grainId, "patrol", row.ETag.ShouldNotBeNull(), ct)).ShouldBeTrue();
        (await table.ReadRow(grainId, "patrol", ct)).ShouldBeNull();
    }

    [Fact]
    public async Task A_heartbeat_is_stored_without_moving_the_table_version()
    {
        var table = cluster.First.Services.GetRequiredService<IMembershipTable>();
        var ct = TestContext.Current.CancellationToken;
        var before = await table.ReadRowAsync(cluster.First.Address, ct);
        var (entry, _) = before.Members.ShouldHaveSingleItem();
        // Whole milliseconds: PostgreSQL keeps microseconds, .NET ticks are finer.
        var now = DateTime.UnixEpoch.AddMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        entry.IAmAliveTime = now;

        await table.UpdateIAmAliveAsync(entry, ct);

        var after = await table.ReadRowAsync(cluster.First.Address, ct);
        after.Members.ShouldHaveSingleItem().Item1.IAmAliveTime.ShouldBe(now);
        after.Version.Version.ShouldBe(before.Version.Version);
    }

    [Fact]
    public async Task A_client_finds_the_gateways_in_the_membership_table()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ClusterId;
            });
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cluster.ConnectionString;
            });
        });
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var gateways = await host.Services.GetRequiredService<Orleans.Messaging.IGatewayListProvider>().GetGatewaysAsync(TestContext.Current.CancellationToken);
            gateways.Count.ShouldBe(2);
            var report = await host.Services.GetRequiredService<IClusterClient>().GetGrain<IClusterProbeGrain>($"client-{Guid.NewGuid():N}").ReportAsync();
            report.RecordExists.ShouldBeFalse();
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_stopped_silo_is_marked_dead_and_its_row_cleaned_up_later()
    {
        await using var third = await cluster.StartSiloAsync("third");
        var row = $"SELECT status FROM orleans_membership WHERE deployment_id = '{cluster.ClusterId}' AND address = '{third.Address.Endpoint.Address}' AND port = {third.Address.Endpoint.Port} AND generation = {third.Address.Generation}";
        (await QueryAsync<int>(cluster.ConnectionString, row)).ShouldBe([(int)SiloStatus.Active]);
        await Eventually.TrueAsync(
            () => Task.FromResult(cluster.First.ActiveMembers().Contains(third.Address)),
            Deadline,
            "the first silo to see the third one join");

        await third.StopAsync();

        (await QueryAsync<int>(cluster.ConnectionString, row)).ShouldBe([(int)SiloStatus.Dead]);
        await Eventually.TrueAsync(
            () => Task.FromResult(!cluster.First.ActiveMembers().Contains(third.Address)),
            Deadline,
            "the first silo to see the third one leave");

        // Defunct-silo cleanup deletes dead rows not heard of since the cut-off, and only those.
        var table = cluster.First.Services.GetRequiredService<IMembershipTable>();
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1), TestContext.Current.CancellationToken);
        (await QueryAsync<int>(cluster.ConnectionString, row)).ShouldBeEmpty();
        (await QueryAsync<int>(cluster.ConnectionString, $"SELECT status FROM orleans_membership WHERE deployment_id = '{cluster.ClusterId}'"))
            .ShouldBe([(int)SiloStatus.Active, (int)SiloStatus.Active]);
    }

    private static async Task<bool> RangeHasAsync(IReminderTable table, uint begin, uint end, GrainId grainId) =>
        (await table.ReadRows(begin, end, TestContext.Current.CancellationToken)).Reminders.Any(r => r.GrainId == grainId);

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}

/// <summary>One PostgreSQL server with the schema applied and two silos clustered through it, shared by the tests of a class.</summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public const string StorageName = "cluster";
    public const string StateName = "probe";
    private PostgresServer? _postgres;
    private TestSilo? _first;
    private TestSilo? _second;

    public string ClusterId { get; } = "cluster-tests";

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("The fixture has not started.");

    public string ConnectionString => Postgres.ConnectionString;

    public TestSilo First => _first ?? throw new InvalidOperationException("The fixture has not started.");

    public TestSilo Second => _second ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync()
    {
        _postgres = await PostgresServer.StartWithOwnerRoleAsync();
        await PostgresClusterSchema.EnsureAsync(ConnectionString, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        _first = await StartSiloAsync("first");
        _second = await StartSiloAsync("second");
    }

    public Task<TestSilo> StartSiloAsync(string name) => TestSilo.StartAsync(ConnectionString, ClusterId, name);

    public async ValueTask DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

/// <summary>An Orleans silo in this process using the ADO.NET providers the way cluster mode does.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host)
    {
        _host = host;
        Address = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
    }

    public SiloAddress Address { get; }

    public IServiceProvider Services => _host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IGrainStorage Storage => Services.GetRequiredKeyedService<IGrainStorage>(PostgresClusterFixture.StorageName);

    public static async Task<TestSilo> StartAsync(string connectionString, string clusterId, string name)
    {
        // No appsettings or environment variables: nothing on the machine may change these silos.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            });
            silo.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = name);
            silo.ConfigureEndpoints(IPAddress.Loopback, FreePorts.Next(), FreePorts.Next(), listenOnAnyHostAddress: false);
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
            silo.AddAdoNetGrainStorage(PostgresClusterFixture.StorageName, options => options.Configure<Serializer>((o, serializer) =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
                // As in our SQLite storage: the default JSON serializer cannot read compiler-generated collections back.
                o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
            }));
            silo.UseAdoNetReminderService(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = connectionString;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new TestSilo(host);
    }

    /// <summary>The silos this silo's membership view holds as active.</summary>
    public IReadOnlyCollection<SiloAddress> ActiveMembers() =>
        [.. Services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress)];

    /// <summary>Graceful shutdown: the silo marks itself dead in the membership table before it returns.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}

public interface IClusterProbeGrain : IGrainWithStringKey
{
    Task<ClusterProbeReport> SaveAsync(IReadOnlyList<string> items);

    Task<ClusterProbeReport> ReportAsync();

    Task DeactivateAsync();

    /// <summary>Registers a ten-minute reminder; true when the reminder service then reads it back.</summary>
    Task<bool> RegisterReminderAsync(string name);
}

[GenerateSerializer]
public sealed record ClusterProbeState
{
    [Id(0)]
    public IReadOnlyList<string> Items { get; init; } = [];
}

[GenerateSerializer]
public sealed record ClusterProbeReport(
    [property: Id(0)] string Activation,
    [property: Id(1)] IReadOnlyList<string> Items,
    [property: Id(2)] string? ETag,
    [property: Id(3)] bool RecordExists);

public sealed class ClusterProbeGrain(
    [PersistentState(PostgresClusterFixture.StateName, PostgresClusterFixture.StorageName)] IPersistentState<ClusterProbeState> state)
    : Grain, IClusterProbeGrain, IRemindable
{
    public async Task<ClusterProbeReport> SaveAsync(IReadOnlyList<string> items)
    {
        state.State = new ClusterProbeState { Items = items };
        await state.WriteStateAsync();
        return await ReportAsync();
    }

    public Task<ClusterProbeReport> ReportAsync() =>
        Task.FromResult(new ClusterProbeReport(GrainContext.ActivationId.ToString(), state.State.Items, state.Etag, state.RecordExists));

    public Task DeactivateAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<bool> RegisterReminderAsync(string name)
    {
        await this.RegisterOrUpdateReminder(name, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10));
        return await this.GetReminder(name) is not null;
    }

    // The reminders exist to be stored; firing them is the reminder service's business, not this test's.
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
