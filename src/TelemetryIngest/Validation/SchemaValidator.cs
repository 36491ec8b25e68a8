using System.Globalization;
using System.Text.Json;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>
/// Checks a parsed payload against its <see cref="MessageSchema"/> and names the first field that
/// breaks it, so a device maker reads "floor: 300 is outside -10..200", not "invalid".
/// Unknown fields are ignored, so devices may add fields before the schema version changes.
/// </summary>
public static class SchemaValidator
{
    public static (RejectReason Reason, string Detail)? Validate(JsonElement root, MessageSchema schema) =>
        root.ValueKind == JsonValueKind.Object
            ? CheckObject(root, schema.Fields, "")
            : (RejectReason.WrongType, $"payload must be a JSON object, got {Describe(root.ValueKind)}");

    private static (RejectReason, string)? CheckObject(JsonElement obj, IReadOnlyList<FieldRule> fields, string path)
    {
        foreach (var rule in fields)
        {
            // Nested fields are named with their path; a top-level rule is used as it is (this runs for every field of every message).
            var named = path.Length == 0 ? rule : rule with { Name = path + rule.Name };
            if (!obj.TryGetProperty(rule.Name, out var value) || (!rule.Required && value.ValueKind == JsonValueKind.Null))
            {
                if (rule.Required)
                {
                    return (RejectReason.MissingField, $"{named.Name}: required field is missing");
                }

                continue;
            }

            if (CheckField(named, value) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static (RejectReason, string)? CheckField(FieldRule rule, JsonElement value) => rule.Type switch
    {
        FieldType.Integer => CheckInteger(rule, value),
        FieldType.Number => CheckNumber(rule, value),
        FieldType.String => CheckString(rule, value),
        FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? null
            : WrongType(rule, "boolean", value),
        FieldType.Timestamp => CheckParsedString(rule, value, "an ISO 8601 timestamp", v => v.TryGetDateTimeOffset(out _)),
        FieldType.Date => CheckParsedString(rule, value, "a date (yyyy-MM-dd)",
            v => DateOnly.TryParseExact(v.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
        FieldType.StringArray => CheckArray(rule, value, (item, index) => CheckString(rule with { Name = $"{rule.Name}[{index}]" }, item)),
        FieldType.ObjectArray => CheckArray(rule, value, (item, index) => item.ValueKind == JsonValueKind.Object
            ? CheckObject(item, rule.ItemFields!, $"{rule.Name}[{index}].")
            : WrongType(rule with { Name = $"{rule.Name}[{index}]" }, "object", item)),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Type, "unknown field type"),
    };

    private static (RejectReason, string)? CheckParsedString(FieldRule rule, JsonElement value, string expected, Func<JsonElement, bool> parses)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return WrongType(rule, $"{expected} string", value);
        }

        return parses(value)
            ? null
            : (RejectReason.OutOfRange, $"{rule.Name}: \"{Truncate(value.GetString())}\" is not {expected}");
    }

    private static (RejectReason, string)? CheckArray(
        FieldRule rule, JsonElement value, Func<JsonElement, int, (RejectReason, string)?> checkItem)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return WrongType(rule, "array", value);
        }

        var count = value.GetArrayLength();
        if (count > rule.MaxItems)
        {
            return (RejectReason.OutOfRange, $"{rule.Name}: {count} items, at most {rule.MaxItems} allowed");
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (checkItem(item, index++) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static (RejectReason, string)? CheckInteger(FieldRule rule, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
        {
            return WrongType(rule, "integer", value);
        }

        return number < rule.Min || number > rule.Max
            ? (RejectReason.OutOfRange, $"{rule.Name}: {number} is outside {DescribeRange(rule)}")
            : null;
    }

    private static (RejectReason, string)? CheckNumber(FieldRule rule, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            return WrongType(rule, "number", value);
        }

        return number < rule.Min || number > rule.Max
            ? (RejectReason.OutOfRange, $"{rule.Name}: {number.ToString(CultureInfo.InvariantCulture)} is outside {DescribeRange(rule)}")
            : null;
    }

    private static (RejectReason, string)? CheckString(FieldRule rule, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return WrongType(rule, "string", value);
        }

        // A value of a closed set is compared in place, without decoding it into a string first.
        if (rule.Allowed is { } allowed)
        {
            foreach (var candidate in allowed)
            {
                if (value.ValueEquals(candidate))
                {
                    return null;
                }
            }
        }

        var text = value.GetString()!;
        if (text.Length > rule.MaxLength)
        {
            return (RejectReason.OutOfRange, $"{rule.Name}: {text.Length} characters, at most {rule.MaxLength} allowed");
        }

        // Not in the closed set: it was compared above.
        return rule.Allowed is { } closedSet
            ? (RejectReason.OutOfRange, $"{rule.Name}: \"{Truncate(text)}\" is not one of {string.Join(", ", closedSet)}")
            : null;
    }

    private static (RejectReason, string) WrongType(FieldRule rule, string expected, JsonElement value) =>
        (RejectReason.WrongType, $"{rule.Name}: expected {expected}, got {Describe(value.ValueKind)}");

    private static string DescribeRange(FieldRule rule) => rule.Max == long.MaxValue
        ? $"{rule.Min}.."
        : $"{rule.Min}..{rule.Max}";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static string Truncate(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text ?? "";
}
