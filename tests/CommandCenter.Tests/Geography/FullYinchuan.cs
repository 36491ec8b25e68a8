using CommandCenter.Simulators.City;

namespace CommandCenter.Tests.Geography;

/// <summary>The full Yinchuan preset with its outlines, generated once for every test class that reads it (about 15 s).</summary>
internal static class FullYinchuan
{
    private static readonly Lazy<GeneratedCity> Generated = new(() => CityGenerator.GenerateWithAreas(CityGeneratorOptions.Yinchuan));

    public static GeneratedCity City => Generated.Value;
}
