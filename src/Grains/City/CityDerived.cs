using CommandCenter.Protocol;

namespace CommandCenter.Grains.City;

/// <summary>
/// A value worked out from the running city (an index by firm, by area, a projected map), made again after an import
/// switches the city: a singleton that worked it out once at start-up would answer with the old city until a restart.
/// </summary>
public sealed class CityDerived<T>(CityDirectory city, Func<CityDirectory, T> derive)
    where T : class
{
    private volatile Derived? _current;

    /// <summary>The value for the city running now.</summary>
    public T Value
    {
        get
        {
            var topology = city.Topology;
            if (_current is { } current && ReferenceEquals(current.Topology, topology))
            {
                return current.Value;
            }

            // Two readers racing after a switch may both work it out; the last one kept is as good as the first.
            var value = derive(city);
            _current = new Derived(topology, value);
            return value;
        }
    }

    private sealed record Derived(CityTopology Topology, T Value);
}
