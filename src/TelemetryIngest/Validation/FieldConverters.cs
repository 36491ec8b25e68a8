using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using CommandCenter.Protocol;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>
/// Readers for <see cref="OnePassReader"/> that accept a field's JSON only when <see cref="SchemaValidator"/> would: the
/// same JSON type, the same parse of it, the same range, length or closed set. They throw <see cref="JsonException"/>
/// on anything else, which sends the payload to the precise path. Booleans, timestamps and dates need none: the
/// generated readers accept exactly the JSON the schema accepts for them, no more.
/// </summary>
internal static class FieldConverters
{
    public static JsonConverter? For(FieldRule rule, Type propertyType)
    {
        var optional = Nullable.GetUnderlyingType(propertyType);
        var type = optional ?? propertyType;
        var converter = (rule.Type, type) switch
        {
            (FieldType.Boolean, _) when type == typeof(bool) => null,
            (FieldType.Timestamp, _) when type == typeof(DateTimeOffset) => null,
            (FieldType.Date, _) when type == typeof(DateOnly) => null,
            (FieldType.Integer, _) when type == typeof(int) && FitsInt32(rule) => new IntegerConverter<int>(rule, number => (int)number),
            (FieldType.Integer, _) when type == typeof(long) => new IntegerConverter<long>(rule, number => number),
            (FieldType.Integer, { IsEnum: true }) when Enum.GetUnderlyingType(type) == typeof(int) && FitsInt32(rule) =>
                (JsonConverter)typeof(FieldConverters).GetMethod(nameof(EnumInteger), BindingFlags.NonPublic | BindingFlags.Static)!
                    .MakeGenericMethod(type).Invoke(null, [rule])!,
            (FieldType.Number, _) when type == typeof(double) => new NumberConverter(rule),
            (FieldType.String, _) when type == typeof(string) => new StringConverter(rule),
            (FieldType.String, { IsEnum: true }) => Create(typeof(EnumNameConverter<>), type, rule),
            (FieldType.StringArray, _) when type == typeof(IReadOnlyList<string>) => new StringListConverter(rule),
            (FieldType.ObjectArray, { IsGenericType: true }) when type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) =>
                Create(typeof(ObjectListConverter<>), type.GetGenericArguments()[0], rule),
            _ => throw new InvalidOperationException(
                $"no one-pass reader for the {rule.Type} field '{rule.Name}' into {propertyType.Name} (or its range {rule.Min}..{rule.Max} does not fit)"),
        };

        // A null for an optional field is read as absent, as the schema reads it; the serializer does that for Nullable<T> itself.
        return converter is not null && optional is not null ? Create(typeof(OptionalConverter<>), optional, converter) : converter;
    }

    /// <summary>A 32-bit field whose rule allowed more would be cut short by the fast path where the precise path fails.</summary>
    private static bool FitsInt32(FieldRule rule) => rule.Min >= int.MinValue && rule.Max <= int.MaxValue;

    private static JsonConverter Create(Type generic, Type argument, object arg) =>
        (JsonConverter)Activator.CreateInstance(generic.MakeGenericType(argument), arg)!;

    /// <summary>An enum sent as its number (the service mode), read as the integer it is.</summary>
    private static IntegerConverter<TEnum> EnumInteger<TEnum>(FieldRule rule) where TEnum : struct, Enum =>
        new(rule, number => Unsafe.BitCast<int, TEnum>((int)number));

    private static JsonException Refused() => new();

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw Refused();
        }
    }

    /// <summary>An integer as the schema reads one: a JSON number that parses as a 64-bit integer, within Min..Max.</summary>
    private sealed class IntegerConverter<T>(FieldRule rule, Func<long, T> fromInt64) : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.Number);
            return reader.TryGetInt64(out var number) && number >= rule.Min && number <= rule.Max ? fromInt64(number) : throw Refused();
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    /// <summary>A finite JSON number within Min..Max.</summary>
    private sealed class NumberConverter(FieldRule rule) : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.Number);
            return reader.TryGetDouble(out var number) && double.IsFinite(number) && number >= rule.Min && number <= rule.Max
                ? number
                : throw Refused();
        }

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    /// <summary>A JSON string (never null) of at most MaxLength characters, or one of the closed set.</summary>
    private sealed class StringConverter(FieldRule rule) : JsonConverter<string>
    {
        // The closed set as UTF-8, compared in place; a match returns the set's own string instead of a new one.
        private readonly (byte[] Utf8, string Text)[]? _allowed = rule.Allowed?.Select(text => (Encoding.UTF8.GetBytes(text), text)).ToArray();

        public override bool HandleNull => true;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.String);
            if (_allowed is not null)
            {
                foreach (var (utf8, text) in _allowed)
                {
                    if (reader.ValueTextEquals(utf8))
                    {
                        return text;
                    }
                }

                throw Refused();
            }

            var value = reader.GetString()!;
            return value.Length <= rule.MaxLength ? value : throw Refused();
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    /// <summary>
    /// An enum sent as one of the closed set, spelt exactly (the generated reader also takes other cases and numbers).
    /// Each name is mapped to its value by the generated reader once, so both paths give the same value.
    /// </summary>
    private sealed class EnumNameConverter<TEnum>(FieldRule rule) : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private readonly (byte[] Utf8, TEnum Value)[] _names = rule.Allowed!
            .Select(name => (Encoding.UTF8.GetBytes(name), JsonSerializer.Deserialize(JsonSerializer.Serialize(name), (JsonTypeInfo<TEnum>)ProtocolJson.Default.Options.GetTypeInfo(typeof(TEnum)))))
            .ToArray();

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.String);
            foreach (var (utf8, value) in _names)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    return value;
                }
            }

            throw Refused();
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    /// <summary>A JSON array (never null) of at most MaxItems items, each read by <see cref="ReadItem"/>.</summary>
    private abstract class ListConverter<TItem>(FieldRule rule) : JsonConverter<IReadOnlyList<TItem>>
    {
        public override bool HandleNull => true;

        protected FieldRule Rule => rule;

        public override IReadOnlyList<TItem> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.StartArray);
            var items = new List<TItem>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (items.Count == rule.MaxItems)
                {
                    throw Refused();
                }

                items.Add(ReadItem(ref reader));
            }

            return items;
        }

        protected abstract TItem ReadItem(ref Utf8JsonReader reader);

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<TItem> value, JsonSerializerOptions options) => throw new NotSupportedException();
    }

    /// <summary>Strings (never null) of at most MaxLength characters.</summary>
    private sealed class StringListConverter(FieldRule rule) : ListConverter<string>(rule)
    {
        protected override string ReadItem(ref Utf8JsonReader reader)
        {
            Expect(ref reader, JsonTokenType.String);
            var item = reader.GetString()!;
            return item.Length <= Rule.MaxLength ? item : throw Refused();
        }
    }

    /// <summary>Objects (never null), each read under the rule's ItemFields.</summary>
    private sealed class ObjectListConverter<TItem>(FieldRule rule) : ListConverter<TItem>(rule)
    {
        private readonly JsonTypeInfo<TItem> _item = (JsonTypeInfo<TItem>)OnePassReader.For(typeof(TItem), rule.ItemFields!, enforceRules: true);

        protected override TItem ReadItem(ref Utf8JsonReader reader)
        {
            Expect(ref reader, JsonTokenType.StartObject);
            return JsonSerializer.Deserialize(ref reader, _item)!;
        }
    }

    /// <summary>An optional field: the serializer reads a null as absent and hands any other value to the field's reader.</summary>
    private sealed class OptionalConverter<T>(JsonConverter<T> value) : JsonConverter<T?> where T : struct
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => value.Read(ref reader, typeof(T), options);

        public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options) => throw new NotSupportedException();
    }
}
