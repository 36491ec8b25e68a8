using System.Reflection;
using CommandCenter.Stack;

namespace CommandCenter.Testing;

/// <summary>The build outputs of this repository that tests start, in the configuration the tests were built in.</summary>
public static class RepositoryPaths
{
    public static string Root => Repository.Root;

    public static string BuildConfiguration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "CommandCenterBuildConfiguration").Value!;

    public static string CommandCenterOutput => Repository.CommandCenterOutput(BuildConfiguration);
}
