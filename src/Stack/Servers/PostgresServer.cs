using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Npgsql;

namespace CommandCenter.Stack;

/// <summary>
/// A real PostgreSQL 15 (Debian's <c>postgresql-15</c> package) on loopback, run as the <c>postgres</c> user
/// when this process is root, its unix socket in its own folder so it never meets a system PostgreSQL.
/// For tests, an ephemeral cluster made by <c>initdb</c> in a temporary folder that is deleted on dispose,
/// with one empty database, <see cref="Database"/>, and either trust authentication, everyone connecting as
/// the superuser (<see cref="StartAsync()"/>), or scram-sha-256 with generated passwords and the database
/// owned by a role that is not a superuser, which <see cref="ConnectionString"/> then uses
/// (<see cref="StartWithOwnerRoleAsync"/>). For run.sh --cluster, the durable cluster of a data folder
/// (<see cref="StartInDataFolderAsync"/>). It can be stopped or killed and started again on the same data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinFolder = "/usr/lib/postgresql/15/bin";
    public const string Database = "commandcenter";
    public const string User = "postgres";

    /// <summary>The role that owns <see cref="Database"/>, and nothing else (run.sh --cluster, <see cref="StartWithOwnerRoleAsync"/>).</summary>
    public const string OwnerRole = "commandcenter";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly string _folder;
    private readonly string _dataFolder;
    private readonly string? _logFile;
    private readonly bool _throwaway;
    private readonly List<string> _databases = ["postgres"];
    private ChildProcess? _process;

    private readonly string? _superuserPassword;

    private PostgresServer(string folder, string dataFolder, int port, string? ownerPassword, string? superuserPassword, string? logFile, bool throwaway)
    {
        _folder = folder;
        _dataFolder = dataFolder;
        _logFile = logFile;
        _throwaway = throwaway;
        _superuserPassword = superuserPassword;
        Port = port;
        OwnerPassword = ownerPassword;
        ConnectionString = ConnectionStringFor(Database);
    }

    /// <summary>With <see cref="StartWithOwnerRoleAsync"/>: <see cref="OwnerRole"/>'s password; otherwise null.</summary>
    public string? OwnerPassword { get; }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>Npgsql connection string of <see cref="Database"/>, as the silos would use it (as <see cref="OwnerRole"/> when there is one).</summary>
    public string ConnectionString { get; }

    /// <summary>What the server printed (it logs to stderr), for failure messages; empty with a log file.</summary>
    public ProcessLog Log => _process?.Log ?? new ProcessLog();

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

        var folder = Directory.CreateTempSubdirectory("cc-postgres-").FullName;
        var server = new PostgresServer(
            folder, Path.Combine(folder, "data"), FreePorts.Next(), scram ? NewPassword() : null, scram ? NewPassword() : null, logFile: null, throwaway: true);
        try
        {
            await server.InitThrowawayAsync();
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

    /// <summary>
    /// run.sh --cluster's PostgreSQL: the cluster in <paramref name="dataFolder"/>/postgres/db (made on first start), on
    /// 127.0.0.1:<paramref name="port"/>, logging to <paramref name="logFile"/>, in a session of its own. The superuser
    /// may connect only over the unix socket as the OS user postgres (peer); <see cref="OwnerRole"/> only to its database,
    /// over TCP with <paramref name="ownerPassword"/> (scram-sha-256), which is set on every start. A cluster an older
    /// run.sh made with trust authentication is moved to this.
    /// </summary>
    public static async Task<PostgresServer> StartInDataFolderAsync(string dataFolder, int port, string logFile, string ownerPassword, TextWriter messages)
    {
        dataFolder = Path.GetFullPath(dataFolder);
        var folder = Path.Combine(dataFolder, "postgres");
        var server = new PostgresServer(folder, Path.Combine(folder, "db"), port, ownerPassword, superuserPassword: null, logFile, throwaway: false);
        if (IsRoot && (await CommandLine.RunAsync(AsServerUser("test", ["-x", dataFolder]))).ExitCode != 0)
        {
            throw new InvalidOperationException($"The postgres user cannot enter {dataFolder}; use a --data folder outside a private home directory.");
        }

        if (await Readiness.AcceptsConnectionsAsync(port))
        {
            throw new InvalidOperationException($"port {port} is already in use; set CC_PG_PORT to a free port.");
        }

        Directory.CreateDirectory(folder);
        await OwnAsync(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var hba = Path.Combine(server._dataFolder, "pg_hba.conf");
        if (!File.Exists(Path.Combine(server._dataFolder, "PG_VERSION")))
        {
            messages.Write($"Creating the PostgreSQL cluster in {server._dataFolder}... ");
            await server.InitDbAsync(["--auth-local=peer", "--auth-host=scram-sha-256"]);
            await server.WriteHbaAsync(hba);
            messages.WriteLine("done.");
        }
        else if (File.ReadLines(hba).Any(IsTrustLine))
        {
            messages.WriteLine($"""
                Upgrading PostgreSQL in {server._dataFolder} from trust to password authentication:
                  pg_hba.conf now lets the silos in only as role {OwnerRole} with its password (scram-sha-256) and
                  the superuser only over the unix socket as the OS user postgres (the old file is pg_hba.conf.trust);
                  database {OwnerRole} and its tables now belong to role {OwnerRole}.
                """);
            File.Copy(hba, hba + ".trust", overwrite: true);
            await OwnAsync(hba + ".trust");
            await server.WriteHbaAsync(hba);
        }

        await File.AppendAllTextAsync(logFile, $"\n=== postgres starting {DateTime.Now:s} (port {port}) ===\n");
        await server.StartAgainAsync();
        try
        {
            await server.ProvisionOwnerRoleAsync();
        }
        catch
        {
            await server.StopAsync();
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
        string[] settings = _throwaway
            // A test database need not survive a power cut; these make commits and checkpoints cheap.
            ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
            : [];
        var start = AsServerUser(Path.Combine(BinFolder, "postgres"),
        [
            "-D", _dataFolder,
            "-p", Port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"unix_socket_directories={_folder}",
            .. settings,
        ]);
        _process = _logFile is null ? ChildProcess.StartCaptured("postgres", start) : ChildProcess.StartDetached("postgres", start, _logFile);
        await Readiness.WaitAsync(
            _process, () => Task.FromResult(IsReady()), StartDeadline, $"postgres to accept connections on {Host}:{Port}",
            () => _logFile is null ? Log.Tail() : Readiness.TailOf(_logFile));
    }

    /// <summary>Fast shutdown: the server rolls back open transactions and closes connections, then exits.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            await CommandLine.RunOrThrowAsync(AsServerUser(Path.Combine(BinFolder, "pg_ctl"), ["stop", "-D", _dataFolder, "-m", "fast", "-w", "-t", "30", "-s"]));
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
                await _process.KillAsync();
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
            if (_throwaway)
            {
                Directory.Delete(_folder, recursive: true);
            }
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

    private static bool IsRoot => Environment.UserName == "root";

    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The server refuses to run as root, and must own its folders and files.</summary>
    private static async Task OwnAsync(string path)
    {
        if (IsRoot)
        {
            await CommandLine.RunOrThrowAsync(new ProcessStartInfo("chown", [$"{User}:{User}", path]));
        }
    }

    private async Task InitThrowawayAsync()
    {
        await OwnAsync(_folder);
        string[] authentication = ["--auth=trust"];
        var passwordFile = Path.Combine(_folder, "superuser.password");
        if (_superuserPassword is not null)
        {
            // initdb reads the superuser's password from a file, as the postgres user.
            await File.WriteAllTextAsync(passwordFile, _superuserPassword);
            await OwnAsync(passwordFile);
            authentication = ["--auth=scram-sha-256", $"--pwfile={passwordFile}"];
        }

        try
        {
            // --no-sync: the cluster is thrown away with the folder, so flushing it to disk only costs time.
            await InitDbAsync([.. authentication, "--locale=C.UTF-8", "--no-sync"]);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private Task InitDbAsync(IReadOnlyList<string> options) => CommandLine.RunOrThrowAsync(AsServerUser(Path.Combine(BinFolder, "initdb"),
        ["-D", _dataFolder, "-U", User, "--encoding=UTF8", "--no-instructions", .. options]));

    /// <summary>The superuser only over the unix socket, as the OS user postgres; the owner role only to its database over TCP, with a password.</summary>
    private async Task WriteHbaAsync(string path)
    {
        await File.WriteAllTextAsync(path, $"""
            # Written by run.sh --cluster (CommandCenter.Stack.PostgresServer).
            # TYPE  DATABASE        USER            ADDRESS                 METHOD
            local   all             {User}                                peer
            host    {OwnerRole}   {OwnerRole}   127.0.0.1/32            scram-sha-256

            """);
        await OwnAsync(path);
    }

    private static bool IsTrustLine(string line)
    {
        var fields = line.Split('#', 2)[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return fields is ["local" or "host", ..] && fields[^1] == "trust";
    }

    /// <summary>
    /// On every start, so the owner role's password is always the one run.sh keeps. Through psql's standard input, so the
    /// password is on no command line; statements with it are kept out of the server log even on error.
    /// </summary>
    private async Task ProvisionOwnerRoleAsync()
    {
        var password = OwnerPassword!.Replace("'", "''", StringComparison.Ordinal);
        var sql = $"""
            \set VERBOSITY terse
            SET log_statement = 'none';
            SET log_min_error_statement = 'panic';
            SET password_encryption = 'scram-sha-256';
            SELECT 'CREATE ROLE {OwnerRole}' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{OwnerRole}') \gexec
            ALTER ROLE {OwnerRole} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '{password}';
            SELECT 'CREATE DATABASE {OwnerRole} OWNER {OwnerRole}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '{OwnerRole}') \gexec
            ALTER DATABASE {OwnerRole} OWNER TO {OwnerRole};
            REVOKE ALL ON DATABASE {OwnerRole} FROM PUBLIC;
            \connect {OwnerRole}
            -- Tables an older run.sh's silos made as the superuser.
            SELECT format('ALTER TABLE public.%I OWNER TO {OwnerRole}', tablename) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> '{OwnerRole}' \gexec

            """;
        var (exitCode, output) = await CommandLine.RunAsync(
            AsServerUser("psql", ["-h", _folder, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", "postgres", "-qAt", "-v", "ON_ERROR_STOP=1"]), sql);
        if (exitCode != 0)
        {
            await File.AppendAllTextAsync(_logFile!, output);
            throw new InvalidOperationException($"could not set up role and database {OwnerRole} (see {_logFile})");
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

        await Readiness.UntilAsync(
            () => File.ReadLines("/proc/sysvipc/shm").Skip(1)
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .All(columns => columns[1] != shmId || columns[6] == "0"),
            StartDeadline,
            $"the killed postgres to detach from shared memory segment {shmId}");
        await CommandLine.RunOrThrowAsync(new ProcessStartInfo("ipcrm", ["-m", shmId]));
    }

    private static ProcessStartInfo AsServerUser(string fileName, IReadOnlyList<string> arguments) =>
        IsRoot ? new ProcessStartInfo("runuser", ["-u", User, "--", fileName, .. arguments]) : new ProcessStartInfo(fileName, arguments);

    /// <summary>The running server's pid from line 1 of postmaster.pid, if it has written the file yet.</summary>
    private int? PostmasterPid()
    {
        var pidFile = Path.Combine(_dataFolder, "postmaster.pid");
        return File.Exists(pidFile) && File.ReadLines(pidFile).FirstOrDefault() is { } line
            && int.TryParse(line, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>Line 8 of postmaster.pid says "ready" once the server accepts connections.</summary>
    private bool IsReady()
    {
        var pidFile = Path.Combine(_dataFolder, "postmaster.pid");
        try
        {
            return File.Exists(pidFile) && File.ReadAllLines(pidFile) is { Length: >= 8 } lines && lines[7].Trim() == "ready";
        }
        catch (IOException)
        {
            return false;
        }
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
}
