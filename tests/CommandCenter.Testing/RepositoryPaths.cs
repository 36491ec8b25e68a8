using System.Reflection;

namespace CommandCenter.Testing;

/// <summary>Locates built artefacts of this repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string BuildConfiguration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CommandCenterBuildConfiguration").Value!;

    public static string CommandCenterOutput => Path.Combine(Root, "src", "CommandCenter", "bin", BuildConfiguration, "net10.0");

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
