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
    public static (RejectReason Reason, string Detail)? Validate(JsonElement root, MessageSchema schema)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (RejectReason.WrongType, $"payload must be a JSON object, got {Describe(root.ValueKind)}");
        }

        foreach (var rule in schema.Fields)
        {
            if (!root.TryGetProperty(rule.Name, out var value) || (!rule.Required && value.ValueKind == JsonValueKind.Null))
            {
                if (rule.Required)
                {
                    return (RejectReason.MissingField, $"{rule.Name}: required field is missing");
                }

                continue;
            }

            if (CheckField(rule, value) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    private static (RejectReason, string)? CheckField(FieldRule rule, JsonElement value) => rule.Type switch
    {
        FieldType.Integer => CheckInteger(rule, value),
        FieldType.String => CheckString(rule, value),
        FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? null
            : WrongType(rule, "boolean", value),
        FieldType.Timestamp => value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out _)
            ? null
            : value.ValueKind == JsonValueKind.String
                ? (RejectReason.OutOfRange, $"{rule.Name}: \"{Truncate(value.GetString())}\" is not an ISO 8601 timestamp")
                : WrongType(rule, "ISO 8601 timestamp string", value),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Type, "unknown field type"),
    };

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

    private static (RejectReason, string)? CheckString(FieldRule rule, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return WrongType(rule, "string", value);
        }

        var text = value.GetString()!;
        if (text.Length > rule.MaxLength)
        {
            return (RejectReason.OutOfRange, $"{rule.Name}: {text.Length} characters, at most {rule.MaxLength} allowed");
        }

        return rule.Allowed is { } allowed && !allowed.Contains(text, StringComparer.Ordinal)
            ? (RejectReason.OutOfRange, $"{rule.Name}: \"{Truncate(text)}\" is not one of {string.Join(", ", allowed)}")
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
