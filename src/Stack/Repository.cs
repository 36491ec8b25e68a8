namespace CommandCenter.Stack;

/// <summary>This repository's folders and build outputs, found from wherever its code runs.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Solution => Path.Combine(Root, "CommandCenter.sln");

    /// <summary>The command center's build output of <paramref name="configuration"/>.</summary>
    public static string CommandCenterOutput(string configuration) => Path.Combine(Root, "src", "CommandCenter", "bin", configuration, "net10.0");

    public static string SimulatorsDll(string configuration) => Path.Combine(Root, "simulators", "bin", configuration, "net10.0", "CommandCenter.Simulators.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CommandCenter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"CommandCenter.sln not found above {AppContext.BaseDirectory}");
    }
}
