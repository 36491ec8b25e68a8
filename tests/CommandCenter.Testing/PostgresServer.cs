using System.Diagnostics;
using System.Security.Cryptography;
using Npgsql;

namespace CommandCenter.Testing;

/// <summary>
/// A real PostgreSQL 15 (Debian's <c>postgresql-15</c> package) on an ephemeral loopback port: its own
/// cluster made by <c>initdb</c> in a temporary folder that is deleted on dispose, on 127.0.0.1 only, its
/// unix socket in that folder, and one empty database, <see cref="Database"/>. Authentication is either
/// trust, everyone connecting as the superuser (<see cref="StartAsync()"/>), or as <c>run.sh --cluster</c>
/// has it (<see cref="StartWithOwnerRoleAsync"/>): scram-sha-256 with generated passwords, and the
/// database owned by a role that is not a superuser, which <see cref="ConnectionString"/> then uses.
/// It can be stopped or killed and started again on the same data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";
    public const string Database = "commandcenter";
    public const string User = "postgres";

    /// <summary>With <see cref="StartWithOwnerRoleAsync"/>: the role that owns <see cref="Database"/>, and nothing else.</summary>
    public const string OwnerRole = "commandcenter";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly string _folder;
    private readonly string _dataFolder;
    private readonly List<string> _databases = ["postgres"];
    private Process? _process;

    private readonly string? _superuserPassword;

    private PostgresServer(string folder, int port, bool scram)
    {
        _folder = folder;
        _dataFolder = Path.Combine(folder, "data");
        Port = port;
        if (scram)
        {
            _superuserPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            OwnerPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        ConnectionString = ConnectionStringFor(Database);
    }

    /// <summary>With <see cref="StartWithOwnerRoleAsync"/>: <see cref="OwnerRole"/>'s password; otherwise null.</summary>
    public string? OwnerPassword { get; }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Npgsql connection string of <see cref="Database"/>, as the silos would use it (as <see cref="OwnerRole"/> when there is one).</summary>
    public string ConnectionString { get; }

    /// <summary>What initdb and the server printed (the server logs to stderr), for failure messages.</summary>
    public ProcessLog Log { get; } = new();

    /// <summary>Trust authentication: everyone connects as the superuser <see cref="User"/>, without a password.</summary>
    public static Task<PostgresServer> StartAsync() => StartAsync(scram: false);

    /// <summary>
    /// As <c>run.sh --cluster</c> runs it: scram-sha-256 for every connection, a generated password for the superuser
    /// and for <see cref="OwnerRole"/>, a plain login role (no superuser, no CREATEDB, no CREATEROLE) that owns
    /// <see cref="Database"/> and the databases <see cref="CreateDatabaseAsync"/> makes.
    /// </summary>
    public static Task<PostgresServer> StartWithOwnerRoleAsync() => StartAsync(scram: true);

    private static async Task<PostgresServer> StartAsync(bool scram)
    {
        if (!File.Exists(Path.Combine(BinFolder, "postgres")))
        {
            throw new InvalidOperationException($"{BinFolder}/postgres not found: install Debian's postgresql-15 package (./test.sh does)");
        }

        var server = new PostgresServer(Directory.CreateTempSubdirectory("cc-postgres-").FullName, FreePorts.Next(), scram);
        try
        {
            await server.InitAsync();
            await server.StartAgainAsync();
            if (server.OwnerPassword is { } password)
            {
                await server.AdminAsync($"CREATE ROLE {OwnerRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{password}'");
            }

            await server.CreateDatabaseAsync(Database);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates another empty database (owned by <see cref="OwnerRole"/> if there is one), for tests that each need their own; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await AdminAsync($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"{(OwnerPassword is null ? "" : $" OWNER {OwnerRole}")}");
        lock (_databases)
        {
            _databases.Add(name);
        }

        return ConnectionStringFor(name);
    }

    /// <summary>Starts the server (again) on the same port and data; returns when it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var process = Process.Start(AsServerUser(Path.Combine(BinFolder, "postgres"),
        [
            "-D", _dataFolder,
            "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={_folder}",
            // A test database need not survive a power cut; these make commits and checkpoints cheap.
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
        ])) ?? throw new InvalidOperationException("postgres did not start");
        _process = process;
        Log.Attach(process);
        await Eventually.TrueAsync(
            async () => process.HasExited
                ? throw new InvalidOperationException($"postgres exited with {process.ExitCode}:\n{TailAfterExit(process)}")
                : await AcceptsConnectionsAsync(),
            StartDeadline,
            $"postgres to accept connections on {Host}:{Port}");
    }

    /// <summary>Fast shutdown: the server rolls back open transactions and closes connections, then exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            await RunAsync(AsServerUser(Path.Combine(BinFolder, "pg_ctl"), ["stop", "-D", _dataFolder, "-m", "fast", "-w", "-s"]));
            await _process.WaitForExitAsync();
        }

        ForgetProcess();
    }

    /// <summary>Kills the server and its backends, as a crash would; data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            // Kill the postmaster and its backends but not runuser above them: runuser reaps the postmaster and
            // exits, so once it has, no dead postmaster remains whose pid would make a restart refuse to start.
            if (PostmasterPid() is { } pid)
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill(entireProcessTree: true);
            }
            else
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            await RemoveSharedMemoryAsync();
        }

        ForgetProcess();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Not a kill: a server that shuts down removes its shared memory segment, a killed one leaves it behind.
            await StopAsync();
        }
        finally
        {
            await KillAsync();
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Runs one statement as the superuser in the maintenance database <c>postgres</c>.</summary>
    public async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(AdminConnectionStringFor("postgres"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The superuser's connection string for a database.</summary>
    public string AdminConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = User,
        Password = _superuserPassword,
        Database = database,
    }.ConnectionString;

    /// <summary>What the product would use for a database: <see cref="OwnerRole"/> when there is one, else the superuser.</summary>
    private string ConnectionStringFor(string database) => OwnerPassword is null
        ? AdminConnectionStringFor(database)
        : new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Username = OwnerRole,
            Password = OwnerPassword,
            Database = database,
        }.ConnectionString;

    private async Task InitAsync()
    {
        // The server refuses to run as root, and must own its data folder.
        if (Environment.UserName == "root")
        {
            await RunAsync(new ProcessStartInfo("chown", ["postgres:postgres", _folder]) { RedirectStandardOutput = true, RedirectStandardError = true });
        }

        string[] authentication = ["--auth=trust"];
        var passwordFile = Path.Combine(_folder, "superuser.password");
        if (_superuserPassword is not null)
        {
            // initdb reads the superuser's password from a file, as the postgres user.
            await File.WriteAllTextAsync(passwordFile, _superuserPassword);
            if (Environment.UserName == "root")
            {
                await RunAsync(new ProcessStartInfo("chown", ["postgres:postgres", passwordFile]) { RedirectStandardOutput = true, RedirectStandardError = true });
            }

            authentication = ["--auth=scram-sha-256", $"--pwfile={passwordFile}"];
        }

        try
        {
            await RunAsync(AsServerUser(Path.Combine(BinFolder, "initdb"),
                // --no-sync: the cluster is thrown away with the folder, so flushing it to disk only costs time.
                ["-D", _dataFolder, "-U", User, .. authentication, "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"]));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task RunAsync(ProcessStartInfo start)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}:\n{await output}{await errors}");
        }
    }

    /// <summary>
    /// A killed server leaves its small System V shared memory segment behind (a clean shutdown removes it).
    /// A restart refuses to start while a dying backend is still attached to it, and a deleted folder never
    /// restarts to reclaim it; so wait for the last process to detach, then remove it. Line 7 of
    /// postmaster.pid names it; /proc/sysvipc/shm shows how many processes are attached.
    /// </summary>
    private async Task RemoveSharedMemoryAsync()
    {
        var pidFile = Path.Combine(_dataFolder, "postmaster.pid");
        if (!File.Exists(pidFile) || File.ReadAllLines(pidFile) is not { Length: >= 7 } lines
            || lines[6].Split(' ', StringSplitOptions.RemoveEmptyEntries) is not [_, var shmId])
        {
            return;
        }

        await Eventually.TrueAsync(
            () => Task.FromResult(File.ReadLines("/proc/sysvipc/shm").Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .All(columns => columns[1] != shmId || columns[6] == "0")),
            StartDeadline,
            $"the killed postgres to detach from shared memory segment {shmId}");
        using var ipcrm = Process.Start(new ProcessStartInfo("ipcrm", ["-m", shmId]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("ipcrm did not start");
        await ipcrm.StandardError.ReadToEndAsync();
        await ipcrm.WaitForExitAsync();
        if (ipcrm.ExitCode != 0)
        {
            throw new InvalidOperationException($"ipcrm -m {shmId} exited with {ipcrm.ExitCode}");
        }
    }

    private static ProcessStartInfo AsServerUser(string fileName, IReadOnlyList<string> arguments) =>
        Environment.UserName == "root"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", fileName, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true }
            : new ProcessStartInfo(fileName, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };

    /// <summary>The running server's pid from line 1 of postmaster.pid, if it has written the file yet.</summary>
    private int? PostmasterPid()
    {
        var pidFile = Path.Combine(_dataFolder, "postmaster.pid");
        return File.Exists(pidFile) && File.ReadLines(pidFile).FirstOrDefault() is { } line
            && int.TryParse(line, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The log once the exited process's output has been read to the end (HasExited can come first).</summary>
    private string TailAfterExit(Process process)
    {
        process.WaitForExit();
        return Log.Tail();
    }

    private void ForgetProcess()
    {
        _process?.Dispose();
        _process = null;

        // Pooled connections died with the server; without this each would fail its next command once.
        lock (_databases)
        {
            foreach (var connectionString in _databases.SelectMany(database => new[] { AdminConnectionStringFor(database), ConnectionStringFor(database) }).Distinct())
            {
                using var connection = new NpgsqlConnection(connectionString);
                NpgsqlConnection.ClearPool(connection);
            }
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(AdminConnectionStringFor("postgres"));
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
