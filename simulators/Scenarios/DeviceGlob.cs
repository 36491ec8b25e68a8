using System.Text.RegularExpressions;

namespace CommandCenter.Simulators.Scenarios;

/// <summary>
/// A device-id pattern: '*' matches any run of characters, '?' one character, e.g. "EL-00*".
/// For whole districts a scenario names the district instead (<see cref="ScenarioStep.District"/>).
/// </summary>
public sealed class DeviceGlob
{
    private readonly Regex _regex;

    public DeviceGlob(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex(
            "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    /// <summary>True for a non-empty pattern of id characters ('A'-'Z', digits, '-', '_') and wildcards.</summary>
    public static bool IsValid(string pattern) =>
        pattern.Length > 0 && pattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '*' or '?');

    public bool IsMatch(string deviceId) => _regex.IsMatch(deviceId);

    public override string ToString() => Pattern;
}
