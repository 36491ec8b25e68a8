using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Scenarios;

/// <summary>
/// Reads scenario files and says exactly what is wrong with a bad one: "steps[2].messages: 0 is
/// outside 1..1000000". The format:
/// <code>
/// { "description": "optional text",
///   "steps": [ { "at": "30s", "action": "trap", "elevator": "EL-0003", "note": "optional text" }, ... ] }
/// </code>
/// Durations are like "45s", "2m", "1h30m". Comments and trailing commas are allowed.
/// </summary>
public static partial class ScenarioParser
{
    public const int MaxBurst = 1_000_000;
    private const int MaxNoteLength = 300;
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    private static readonly string[] Common = ["at", "action", "note"];

    /// <summary>The fields each action needs, the ones it may have, and a pair of which it needs exactly one.</summary>
    private static readonly Dictionary<string, (ScenarioAction Action, string[] Required, string[] Optional, string[] EitherOr)> Actions = new()
    {
        ["trap"] = (ScenarioAction.Trap, ["elevator"], ["for"], []),
        ["release"] = (ScenarioAction.Release, ["elevator"], [], []),
        ["fault"] = (ScenarioAction.Fault, ["elevator", "code"], ["for"], []),
        ["burst"] = (ScenarioAction.Burst, ["messages"], ["devices"], []),
        ["stop"] = (ScenarioAction.Stop, [], [], ["devices", "district"]),
        ["start"] = (ScenarioAction.Start, [], [], ["devices", "district"]),
    };

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Reads and parses a file and runs <paramref name="check"/> on it (such as <see cref="CheckAgainst"/>);
    /// the message of a <see cref="ScenarioException"/> from either starts with the path.
    /// </summary>
    public static Scenario Load(string path, Action<Scenario>? check = null)
    {
        try
        {
            var scenario = Parse(File.ReadAllText(path));
            check?.Invoke(scenario);
            return scenario;
        }
        catch (ScenarioException ex)
        {
            throw new ScenarioException($"{path}: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new ScenarioException($"{path}: cannot read the scenario: {ex.Message}");
        }
    }

    public static Scenario Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Lenient);
        }
        catch (JsonException ex)
        {
            throw new ScenarioException($"not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScenarioException($"expected an object with a \"steps\" list, got {Describe(root)}");
            }

            RejectUnknown(root, "", ["description", "steps"]);
            var description = root.TryGetProperty("description", out var text) ? String(text, "description", MaxNoteLength) : null;
            if (!root.TryGetProperty("steps", out var steps))
            {
                throw new ScenarioException("steps: required list is missing");
            }

            if (steps.ValueKind != JsonValueKind.Array)
            {
                throw new ScenarioException($"steps: expected a list, got {Describe(steps)}");
            }

            if (steps.GetArrayLength() == 0)
            {
                throw new ScenarioException("steps: the list is empty");
            }

            var parsed = steps.EnumerateArray().Select(ParseStep).ToList();
            for (var i = 1; i < parsed.Count; i++)
            {
                if (parsed[i].At < parsed[i - 1].At)
                {
                    throw new ScenarioException(
                        $"steps[{i}].at: {Format(parsed[i].At)} is before the {Format(parsed[i - 1].At)} of steps[{i - 1}]; list the steps in time order");
                }
            }

            return new Scenario(description, parsed);
        }
    }

    /// <summary>Checks that every elevator, pattern and district a scenario names has devices in the simulated city.</summary>
    public static void CheckAgainst(Scenario scenario, IReadOnlyCollection<DemoCredential> devices, CityMap city)
    {
        foreach (var step in scenario.Steps)
        {
            if (step.District is { } district)
            {
                if (!city.DistrictIds.Contains(district, StringComparer.Ordinal))
                {
                    throw new ScenarioException(
                        $"steps[{step.Index}].district: \"{district}\" is not a district of {DemoCity.CityFileName} ({string.Join(", ", city.DistrictIds)})");
                }

                var inDistrict = city.DevicesIn(district);
                if (!devices.Any(d => inDistrict.Contains(d.Id)))
                {
                    throw new ScenarioException($"steps[{step.Index}].district: {district} has no device in the credentials file");
                }
            }

            if (step.Elevator is { } elevator && !devices.Any(d => d.Kind == DeviceKind.Elevator && d.Id == elevator))
            {
                throw new ScenarioException($"steps[{step.Index}].elevator: \"{elevator}\" is not an elevator in the credentials file");
            }

            var eligible = step.Action == ScenarioAction.Burst ? devices.Where(d => d.Kind == DeviceKind.Elevator) : devices;
            if (step.Devices is { } glob && !eligible.Any(d => glob.IsMatch(d.Id)))
            {
                throw new ScenarioException(step.Action == ScenarioAction.Burst
                    ? $"steps[{step.Index}].devices: \"{glob}\" matches no elevator in the credentials file (bursts are elevator statuses)"
                    : $"steps[{step.Index}].devices: \"{glob}\" matches no device in the credentials file");
            }
        }
    }

    /// <summary>Parses "45s", "2m", "1h30m" (hours, minutes, seconds, each optional, in that order).</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text);
        if (!match.Success || text.Length == 0)
        {
            return false;
        }

        foreach (var (group, unit) in new[] { ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) })
        {
            if (match.Groups[group].Success)
            {
                duration += unit * int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
            }
        }

        return true;
    }

    /// <summary>The inverse of <see cref="TryParseDuration"/>: "1h30m", "45s", "0s".</summary>
    public static string Format(TimeSpan duration)
    {
        var text = (duration.Hours + (duration.Days * 24) > 0 ? $"{(int)duration.TotalHours}h" : "")
                   + (duration.Minutes > 0 ? $"{duration.Minutes}m" : "")
                   + (duration.Seconds > 0 ? $"{duration.Seconds}s" : "");
        return text.Length == 0 ? "0s" : text;
    }

    private static ScenarioStep ParseStep(JsonElement step, int index)
    {
        var at = $"steps[{index}]";
        if (step.ValueKind != JsonValueKind.Object)
        {
            throw new ScenarioException($"{at}: expected an object, got {Describe(step)}");
        }

        var actionName = String(Required(step, at, "action"), $"{at}.action", 20);
        if (!Actions.TryGetValue(actionName, out var action))
        {
            throw new ScenarioException($"{at}.action: \"{actionName}\" is not one of {string.Join(", ", Actions.Keys)}");
        }

        RejectUnknown(step, at + ".", [.. Common, .. action.Required, .. action.Optional, .. action.EitherOr], $" of action \"{actionName}\"");
        foreach (var field in action.Required)
        {
            Required(step, at, field);
        }

        if (action.EitherOr is [var either, var or])
        {
            var given = action.EitherOr.Count(field => step.TryGetProperty(field, out _));
            if (given != 1)
            {
                throw new ScenarioException(given == 0
                    ? $"{at}: action \"{actionName}\" needs \"{either}\" or \"{or}\""
                    : $"{at}: action \"{actionName}\" takes \"{either}\" or \"{or}\", not both");
            }
        }

        return new ScenarioStep(index, Duration(Required(step, at, "at"), $"{at}.at", allowZero: true), action.Action)
        {
            Elevator = Optional(step, "elevator", value => DeviceId(value, $"{at}.elevator")),
            Devices = Optional(step, "devices", value => Glob(value, $"{at}.devices")),
            District = Optional(step, "district", value => DistrictId(value, $"{at}.district")),
            Code = Optional(step, "code", value => FaultCode(value, $"{at}.code")),
            Messages = Optional(step, "messages", value => (int?)Integer(value, $"{at}.messages", 1, MaxBurst)) ?? 0,
            For = Optional(step, "for", value => (TimeSpan?)Duration(value, $"{at}.for", allowZero: false)),
            Note = Optional(step, "note", value => String(value, $"{at}.note", MaxNoteLength)),
        };
    }

    private static JsonElement Required(JsonElement obj, string at, string field) =>
        obj.TryGetProperty(field, out var value)
            ? value
            : throw new ScenarioException($"{at}.{field}: required field is missing");

    private static T? Optional<T>(JsonElement obj, string field, Func<JsonElement, T> parse) =>
        obj.TryGetProperty(field, out var value) ? parse(value) : default;

    private static void RejectUnknown(JsonElement obj, string prefix, string[] allowed, string owner = "")
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new ScenarioException(
                    $"{prefix}{property.Name}: not a field{owner} (allowed: {string.Join(", ", allowed)})");
            }
        }
    }

    private static string String(JsonElement value, string at, int maxLength)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ScenarioException($"{at}: expected a string, got {Describe(value)}");
        }

        var text = value.GetString()!;
        return text.Length <= maxLength
            ? text
            : throw new ScenarioException($"{at}: {text.Length} characters, at most {maxLength} allowed");
    }

    private static long Integer(JsonElement value, string at, long min, long max)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            throw new ScenarioException($"{at}: expected a whole number, got {Describe(value)}");
        }

        return number >= min && number <= max
            ? number
            : throw new ScenarioException($"{at}: {number} is outside {min}..{max}");
    }

    private static TimeSpan Duration(JsonElement value, string at, bool allowZero)
    {
        var text = String(value, at, 20);
        if (!TryParseDuration(text, out var duration))
        {
            throw new ScenarioException($"{at}: \"{text}\" is not a duration such as \"45s\", \"2m\" or \"1h30m\"");
        }

        return duration > Longest || (!allowZero && duration == TimeSpan.Zero)
            ? throw new ScenarioException($"{at}: {text} is outside {(allowZero ? "0s" : "1s")}..{Format(Longest)}")
            : duration;
    }

    private static string DeviceId(JsonElement value, string at)
    {
        var id = String(value, at, MessageSchemas.MaxDeviceIdLength);
        return MessageSchemas.IsValidDeviceId(id)
            ? id
            : throw new ScenarioException($"{at}: \"{id}\" is not a device id (letters, digits, '-' and '_')");
    }

    private static string DistrictId(JsonElement value, string at)
    {
        // Generated district ids are short codes (D01); spaces or punctuation are a typo, caught before the city is read.
        var id = String(value, at, MessageSchemas.MaxDeviceIdLength);
        return MessageSchemas.IsValidDeviceId(id)
            ? id
            : throw new ScenarioException($"{at}: \"{id}\" is not a district id such as \"D01\" (letters, digits, '-' and '_')");
    }

    private static DeviceGlob Glob(JsonElement value, string at)
    {
        var pattern = String(value, at, MessageSchemas.MaxDeviceIdLength);
        return DeviceGlob.IsValid(pattern)
            ? new DeviceGlob(pattern)
            : throw new ScenarioException($"{at}: \"{pattern}\" is not a device pattern (id characters, '*' and '?')");
    }

    private static string FaultCode(JsonElement value, string at)
    {
        var code = String(value, at, 10);
        return FaultCodes.All.ContainsKey(code)
            ? code
            : throw new ScenarioException($"{at}: \"{code}\" is not a fault code ({string.Join(", ", FaultCodes.All.Keys)})");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"\"{value.GetString()}\"",
        JsonValueKind.Null => "null",
        _ => value.GetRawText(),
    };

    [GeneratedRegex(@"^(?:(?<h>\d{1,4})h)?(?:(?<m>\d{1,5})m)?(?:(?<s>\d{1,6})s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
