using CommandCenter.Protocol;

namespace CommandCenter.Simulators.City;

/// <summary>
/// What a generated demo city is made of: the topology options (<see cref="CityGeneratorOptions"/>,
/// which decide every elevator, berth and lot) and how many handheld apps share its user units.
/// </summary>
public sealed record DemoCityOptions
{
    /// <summary>The small demo for one screen: 24 elevators in 3 user units, 3 lots with 60 berths, 3 apps (one unit each).</summary>
    public static DemoCityOptions Demo => new() { City = CityGeneratorOptions.Demo, Apps = 3 };

    /// <summary>Yinchuan at full scale: 20,000 elevators, 13,000 berths; 200 apps of about 8 user units each.</summary>
    public static DemoCityOptions Yinchuan => new() { City = CityGeneratorOptions.Yinchuan, Apps = 200 };

    /// <summary>The presets by the name the <c>city</c> verb takes.</summary>
    public static IReadOnlyDictionary<string, DemoCityOptions> Presets { get; } = new Dictionary<string, DemoCityOptions>(StringComparer.Ordinal)
    {
        ["demo"] = Demo,
        ["yinchuan"] = Yinchuan,
    };

    public CityGeneratorOptions City { get; init; } = CityGeneratorOptions.Demo;

    /// <summary>Handheld apps; each serves whole user units, so the app count cannot exceed the units that have elevators.</summary>
    public int Apps { get; init; } = 3;

    /// <summary>
    /// What makes these options unusable, or null when they are fine. Whether there are enough user
    /// units for the apps is only known once the city is generated (<see cref="DemoCity.Generate(DemoCityOptions)"/>).
    /// </summary>
    public string? Problem
    {
        get
        {
            IEnumerable<string> problems = City.Problems;
            if (Apps < 0)
            {
                problems = problems.Append($"apps cannot be negative, got {Apps}");
            }
            else if (Apps > City.Elevators)
            {
                problems = problems.Append($"{Apps} apps cannot share {City.Elevators} elevators: every app serves at least one");
            }

            return string.Join("; ", problems) is { Length: > 0 } text ? text : null;
        }
    }
}
