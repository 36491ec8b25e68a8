using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.City;

/// <summary>Where the city file is and which clock the city lives by.</summary>
public sealed class CityOptions
{
    public const string Section = "City";

    /// <summary>The city file; unset means <c>city.json</c> in the data folder (<c>Data:Path</c>). Its outlines, <c>city-areas.geojson</c>, are read from beside it.</summary>
    public string? Path { get; set; }

    /// <summary>
    /// How often each silo looks whether the city file was replaced (an import applied on another silo, or a file put in
    /// place by hand), and switches to it when it was. The silo that applies an import switches at once.
    /// </summary>
    public TimeSpan ReloadCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>IANA time zone of the city: local rules (the night parking window) follow it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    // A method, not a property: the configuration binder would read a property while binding.
    public TimeZoneInfo FindTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Reports every problem of <see cref="CityOptions"/> at once.</summary>
public sealed class CityOptionsValidator : IValidateOptions<CityOptions>
{
    public ValidateOptionsResult Validate(string? name, CityOptions options)
    {
        var problems = new List<string>();
        if (options.Path is { } path && string.IsNullOrWhiteSpace(path))
        {
            problems.Add("City:Path is blank; leave it unset to use city.json in the data folder");
        }

        if (options.ReloadCheckInterval <= TimeSpan.Zero)
        {
            problems.Add($"City:ReloadCheckInterval must be positive (it is {options.ReloadCheckInterval}), e.g. 00:00:05");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            problems.Add("City:TimeZone is required, e.g. Asia/Shanghai");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            problems.Add($"City:TimeZone '{options.TimeZone}' is not a time zone known to this system (use an IANA id such as Asia/Shanghai)");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
