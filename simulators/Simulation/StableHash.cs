using System.Text;

namespace CommandCenter.Simulators.Simulation;

/// <summary>
/// FNV-1a over UTF-8: the same value in every process, unlike <see cref="string.GetHashCode()"/> and
/// <see cref="HashCode"/>, which are randomised per process. Seeds per-device randomness from the run seed.
/// </summary>
public static class StableHash
{
    public static int Of(int seed, string text)
    {
        var hash = 2166136261u ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash & int.MaxValue);
    }

    /// <summary>A random source for one device that depends only on the run seed and the device id.</summary>
    public static Random RandomFor(int seed, string deviceId) => new(Of(seed, deviceId));
}
