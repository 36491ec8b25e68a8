using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CommandCenter.Protocol;
using CommandCenter.Simulators.City;

namespace CommandCenter.Simulators.Scenarios;

/// <summary>
/// Reads scenario files with System.Text.Json (each step's kind from its "action", see
/// <see cref="ScenarioStep"/>) and says exactly what is wrong with a bad one: "steps[2].messages: 0 is
/// outside 1..1000000". The format:
/// <code>
/// { "description": "optional text",
///   "steps": [ { "at": "30s", "action": "trap", "elevator": "EL-0003", "note": "optional text" }, ... ] }
/// </code>
/// Durations are like "45s", "2m", "1h30m". Comments and trailing commas are allowed.
/// </summary>
public static partial class ScenarioParser
{
    /// <summary>The longest duration a step's "at" or "for" may be.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    private const int MaxDescriptionLength = 300;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt field would otherwise be dropped without a word, and its step run without it.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // The shipped files write "at" before "action"; System.Text.Json otherwise wants the discriminator first.
        AllowOutOfOrderMetadataProperties = true,
        RespectNullableAnnotations = true,
        Converters = { new DurationConverter(), new DeviceGlobConverter() },
    };

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
        ScenarioFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ScenarioFile>(json, Json);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // NotSupportedException: a step without "action" (an abstract type without its discriminator).
            throw new ScenarioException(Explain(ex, json));
        }

        if (file is null)
        {
            throw new ScenarioException("expected an object with a \"steps\" list, got null");
        }

        if (file.Description is { Length: > MaxDescriptionLength } description)
        {
            throw new ScenarioException($"description: {description.Length} characters, at most {MaxDescriptionLength} allowed");
        }

        if (file.Steps.Count == 0)
        {
            throw new ScenarioException("steps: the list is empty");
        }

        var steps = file.Steps.Select((step, index) => step with { Index = index }).ToList();
        foreach (var step in steps)
        {
            step.Check();
        }

        for (var i = 1; i < steps.Count; i++)
        {
            if (steps[i].At < steps[i - 1].At)
            {
                throw new ScenarioException(
                    $"steps[{i}].at: {Format(steps[i].At)} is before the {Format(steps[i - 1].At)} of steps[{i - 1}]; list the steps in time order");
            }
        }

        return new Scenario(file.Description, steps);
    }

    /// <summary>Checks that every elevator, pattern and district a scenario names has devices in the simulated city.</summary>
    public static void CheckAgainst(Scenario scenario, IReadOnlyCollection<DemoCredential> devices, CityMap city)
    {
        foreach (var step in scenario.Steps)
        {
            var at = $"steps[{step.Index}]";
            switch (step)
            {
                case ElevatorStep { Elevator: var elevator } when !devices.Any(d => d.Kind == DeviceKind.Elevator && d.Id == elevator):
                    throw new ScenarioException($"{at}.elevator: \"{elevator}\" is not an elevator in the credentials file");
                case BurstStep { Devices: { } glob } when !devices.Any(d => d.Kind == DeviceKind.Elevator && glob.IsMatch(d.Id)):
                    throw new ScenarioException($"{at}.devices: \"{glob}\" matches no elevator in the credentials file (bursts are elevator statuses)");
                case PowerStep { Devices: { } glob } when !devices.Any(d => glob.IsMatch(d.Id)):
                    throw new ScenarioException($"{at}.devices: \"{glob}\" matches no device in the credentials file");
                case PowerStep { District: { } district } when !city.DistrictIds.Contains(district, StringComparer.Ordinal):
                    throw new ScenarioException(
                        $"{at}.district: \"{district}\" is not a district of {DemoCity.CityFileName} ({string.Join(", ", city.DistrictIds)})");
                case PowerStep { District: { } district } when city.DevicesIn(district) is var inDistrict && !devices.Any(d => inDistrict.Contains(d.Id)):
                    throw new ScenarioException($"{at}.district: {district} has no device in the credentials file");
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

    /// <summary>
    /// Says what System.Text.Json refused, in the file's terms: the field first ("steps[0].elevator: …", as
    /// for the checks after reading), then the problem, from the failing spot in the file and the
    /// metadata of the type read there (its fields, which are required, what kind of value each takes).
    /// </summary>
    private static string Explain(Exception ex, string json)
    {
        if (ex is FieldException)
        {
            return $"{Field(((JsonException)ex).Path)}: {ex.Message}";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException invalid)
        {
            return $"not valid JSON: {invalid.Message}";
        }

        using (document)
        {
            var path = (ex as JsonException)?.Path ?? PathInMessage().Match(ex.Message).Groups["path"].Value;
            var spot = SpotPath().Match(path);
            return (spot.Success ? Explain(document.RootElement, spot) : null)
                   ?? $"{Field(path)}: {ex.Message.Split(" Path: ")[0]}";
        }
    }

    /// <summary>What is wrong at the root, a step or a field of either; null if it is something else.</summary>
    private static string? Explain(JsonElement root, Match spot)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"expected an object with a \"steps\" list, got {Describe(root)}";
        }

        var (element, type, at, owner) = (root, typeof(ScenarioFile), "", "");
        if (spot.Groups["step"].Success)
        {
            if (!root.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var index = int.Parse(spot.Groups["step"].Value, CultureInfo.InvariantCulture);
            at = $"steps[{index}].";
            element = steps[index];
            if (element.ValueKind != JsonValueKind.Object)
            {
                return $"steps[{index}]: expected an object, got {Describe(element)}";
            }

            if (!element.TryGetProperty("action", out var action))
            {
                return $"{at}action: required field is missing";
            }

            var kinds = Json.GetTypeInfo(typeof(ScenarioStep)).PolymorphismOptions!.DerivedTypes;
            if (kinds.FirstOrDefault(k => action.ValueKind == JsonValueKind.String && k.TypeDiscriminator as string == action.GetString()) is not { DerivedType: { } kind })
            {
                return $"{at}action: {Describe(action)} is not one of {string.Join(", ", kinds.Select(k => k.TypeDiscriminator))}";
            }

            (type, owner) = (kind, $" of action \"{action.GetString()}\"");
        }

        // Base type's fields first, as a file lists them ("at" before "elevator"); [JsonIgnore] ones are not fields of the file.
        var fields = Json.GetTypeInfo(type).Properties
            .Where(f => f.AttributeProvider is PropertyInfo property && !property.IsDefined(typeof(JsonIgnoreAttribute), inherit: true))
            .OrderBy(f => Depth(((PropertyInfo)f.AttributeProvider!).DeclaringType!))
            .ToList();
        if (spot.Groups["field"].Value is { Length: > 0 } name)
        {
            // A step's "action" is the discriminator, not one of its type's properties.
            var allowed = (owner.Length > 0 ? ["action"] : Array.Empty<string>()).Concat(fields.Select(f => f.Name));
            return fields.FirstOrDefault(f => f.Name == name) is { } field
                ? $"{at}{name}: expected {Kind(field.PropertyType)}, got {Describe(element.GetProperty(name))}"
                : $"{at}{name}: not a field{owner} (allowed: {string.Join(", ", allowed)})";
        }

        return fields.FirstOrDefault(f => f.IsRequired && !element.TryGetProperty(f.Name, out _)) is { } missing
            ? $"{at}{missing.Name}: required {(missing.PropertyType == typeof(IReadOnlyList<ScenarioStep>) ? "list" : "field")} is missing"
            : null;
    }

    private static int Depth(Type type) => type.BaseType is { } parent ? 1 + Depth(parent) : 0;

    /// <summary>"steps[0].at" for System.Text.Json's "$.steps[0].at".</summary>
    private static string Field(string? path) => path is null ? "" : path.TrimStart('$').TrimStart('.');

    private static string Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(TimeSpan) => "a duration such as \"45s\"",
        var t when t == typeof(DeviceGlob) => "a device pattern such as \"EL-00*\"",
        _ => "a list",
    };

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

    /// <summary>The spots <see cref="Explain(JsonElement, Match)"/> knows: the root, a step, a field of either.</summary>
    [GeneratedRegex(@"^\$(?:\.steps\[(?<step>\d+)\])?(?:\.(?<field>\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SpotPath();

    /// <summary>System.Text.Json puts the path of a NotSupportedException in its message only.</summary>
    [GeneratedRegex(@" Path: (?<path>\S+) \|", RegexOptions.CultureInvariant)]
    private static partial Regex PathInMessage();

    /// <summary>The file as a whole.</summary>
    private sealed record ScenarioFile
    {
        public string? Description { get; init; }

        public required IReadOnlyList<ScenarioStep> Steps { get; init; }
    }

    /// <summary>A duration written "45s", "2m" or "1h30m".</summary>
    private sealed class DurationConverter : JsonConverter<TimeSpan>
    {
        public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = ReadString(ref reader);
            return TryParseDuration(text, out var duration)
                ? duration
                : throw new FieldException($"\"{text}\" is not a duration such as \"45s\", \"2m\" or \"1h30m\"");
        }

        public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteStringValue(Format(value));
    }

    /// <summary>A device-id pattern such as "EL-00*".</summary>
    private sealed class DeviceGlobConverter : JsonConverter<DeviceGlob>
    {
        public override DeviceGlob Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var pattern = ReadString(ref reader);
            return pattern.Length <= MessageSchemas.MaxDeviceIdLength && DeviceGlob.IsValid(pattern)
                ? new DeviceGlob(pattern)
                : throw new FieldException($"\"{pattern}\" is not a device pattern (id characters, '*' and '?')");
        }

        public override void Write(Utf8JsonWriter writer, DeviceGlob value, JsonSerializerOptions options) => writer.WriteStringValue(value.Pattern);
    }

    /// <summary>A converter's refusal of a value, its message already in the file's terms; System.Text.Json adds the path.</summary>
    private sealed class FieldException(string message) : JsonException(message);

    /// <summary>A string; anything else is left to <see cref="Explain(JsonElement, Match)"/>, which sees the value.</summary>
    private static string ReadString(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException();
}
