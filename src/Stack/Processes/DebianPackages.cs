using System.Diagnostics;

namespace CommandCenter.Stack;

/// <summary>A Debian package and a file it installs, whose absence means the package is missing.</summary>
public sealed record DebianPackage(string Name, string InstalledFile);

/// <summary>
/// The system packages the scripts use, installed with apt-get when missing. Without root it names the
/// exact command instead, because sudo prompts do not belong in CI.
/// </summary>
public static class DebianPackages
{
    public static readonly DebianPackage Influxdb = new("influxdb", "/usr/bin/influxd");
    public static readonly DebianPackage Mosquitto = new("mosquitto", MosquittoServer.Executable);
    public static readonly DebianPackage MosquittoClients = new("mosquitto-clients", "/usr/bin/mosquitto_pub");
    public static readonly DebianPackage Postgresql = new("postgresql", Path.Combine(PostgresServer.BinFolder, "postgres"));
    public static readonly DebianPackage Chromium = new("chromium", "/usr/bin/chromium");
    public static readonly DebianPackage Curl = new("curl", "/usr/bin/curl");
    public static readonly DebianPackage Prometheus = new("prometheus", PrometheusServer.Executable);

    /// <summary>The CJK font that lets the wall's Chinese text render in browser tests and screenshots.</summary>
    public static readonly DebianPackage CjkFont = new("fonts-wqy-microhei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    public static IReadOnlyList<DebianPackage> Known { get; } = [Influxdb, Mosquitto, MosquittoClients, Postgresql, Chromium, Curl, Prometheus, CjkFont];

    private const string PolicyFile = "/usr/sbin/policy-rc.d";

    /// <summary>Installs the missing ones; false (with the reason written to <paramref name="messages"/>) when they stay missing.</summary>
    public static async Task<bool> EnsureAsync(IReadOnlyList<DebianPackage> packages, TextWriter messages)
    {
        var missing = packages.Where(p => !File.Exists(p.InstalledFile)).Select(p => p.Name).Distinct().ToList();
        if (missing.Count == 0)
        {
            return true;
        }

        if (Environment.UserName != "root")
        {
            messages.WriteLine($"Missing system packages: {string.Join(' ', missing)}. Install them with:");
            messages.WriteLine($"  sudo apt-get update && sudo apt-get install -y {string.Join(' ', missing)}");
            return false;
        }

        messages.WriteLine($"Installing {string.Join(' ', missing)} (apt-get)...");
        // The scripts run influxd, Mosquitto and PostgreSQL on their own ports; a service started by a package's
        // postinst would only hold the default ports, so invoke-rc.d is told to start none.
        var ownPolicy = !File.Exists(PolicyFile);
        if (ownPolicy)
        {
            await File.WriteAllTextAsync(PolicyFile, "#!/bin/sh\nexit 101\n");
            File.SetUnixFileMode(PolicyFile, (UnixFileMode)0b111_101_101);
        }

        try
        {
            var installed = await AptGetAsync(messages, "update", "-qq") == 0
                && await AptGetAsync(messages, ["install", "-y", "-qq", "--no-install-recommends", .. missing]) == 0;
            if (!installed)
            {
                messages.WriteLine($"apt-get failed to install: {string.Join(' ', missing)}");
            }

            return installed;
        }
        finally
        {
            if (ownPolicy)
            {
                File.Delete(PolicyFile);
            }
        }
    }

    private static async Task<int> AptGetAsync(TextWriter messages, params string[] arguments)
    {
        var start = new ProcessStartInfo("apt-get", arguments);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        var (exitCode, output) = await CommandLine.RunAsync(start);
        await messages.WriteAsync(output);
        return exitCode;
    }
}
