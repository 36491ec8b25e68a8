using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>
/// The fast path of <see cref="MessageDecoder"/>: reads a payload once, straight into its record, with each field read
/// by a converter built from its <see cref="FieldRule"/>, so the rule is checked as the field is read. It only says
/// yes or no: whatever it refuses goes to the precise path (<see cref="SchemaValidator"/>), which names what is wrong.
/// It must never accept a payload the precise path refuses, so where it is unsure it refuses (duplicate properties,
/// a null item in an array).
/// </summary>
internal sealed class OnePassReader
{
    private readonly Dictionary<MessageKind, JsonTypeInfo> _byKind;

    public OnePassReader(IReadOnlyDictionary<MessageKind, JsonTypeInfo> records) =>
        _byKind = records.ToDictionary(pair => pair.Key, pair => For(pair.Value.Type, MessageSchemas.For(pair.Key).Fields, enforceRules: true));

    /// <summary>The record, or null when the payload breaks a rule or is not a JSON object.</summary>
    public IWireMessage? TryRead(MessageKind kind, ReadOnlySpan<byte> payload)
    {
        try
        {
            return (IWireMessage?)JsonSerializer.Deserialize(payload, _byKind[kind]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// How to read <paramref name="type"/> under <paramref name="rules"/>: the generated contract of <see cref="ProtocolJson"/>
    /// in which a property no rule names (an escalator event's floor: the record is shared with lifts) is skipped, as the
    /// protocol ignores unknown fields, whatever its value; with <paramref name="enforceRules"/> (the fast path), each ruled
    /// property is also required or not as its rule says and read by its rule's converter. The precise path reads with the
    /// rules off, after the schema walk has checked them.
    /// </summary>
    internal static JsonTypeInfo For(Type type, IReadOnlyList<FieldRule> rules, bool enforceRules)
    {
        var options = new JsonSerializerOptions(ProtocolJson.Default.Options)
        {
            AllowDuplicateProperties = !enforceRules,
            TypeInfoResolver = ProtocolJson.Default.WithAddedModifier(info =>
            {
                if (info.Type == type)
                {
                    Apply(info, rules, enforceRules);
                }
            }),
        };
        return options.GetTypeInfo(type);
    }

    private static void Apply(JsonTypeInfo info, IReadOnlyList<FieldRule> rules, bool enforceRules)
    {
        var properties = info.Properties.ToDictionary(property => property.Name, StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            // A rule without a property would go unchecked here, and the fast path would accept what the precise path refuses.
            var property = properties.GetValueOrDefault(rule.Name)
                ?? throw new InvalidOperationException($"{info.Type.Name} has no property for the schema field '{rule.Name}'");
            if (enforceRules)
            {
                property.IsRequired = rule.Required;
                property.CustomConverter = FieldConverters.For(rule, property.PropertyType);
            }
        }

        foreach (var unruled in properties.Values.Where(property => !rules.Any(rule => rule.Name == property.Name)))
        {
            unruled.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(SkippedValue<>).MakeGenericType(unruled.PropertyType))!;
        }
    }

    /// <summary>Reads past any value and leaves the property at its default.</summary>
    private sealed class SkippedValue<T> : JsonConverter<T>
    {
        public override bool HandleNull => true;

        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            reader.Skip();
            return default;
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            throw new NotSupportedException("protocol records are only read here");
    }
}
