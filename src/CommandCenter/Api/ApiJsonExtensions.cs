using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommandCenter.Api;

public static class ApiJsonExtensions
{
    /// <summary>
    /// Enums travel as names ("Critical", "Overdue") in REST answers and SignalR messages alike, except
    /// enums that declare their own converter: protocol enums keep their wire form (ServiceMode is a number).
    /// </summary>
    public static WebApplicationBuilder AddApiJson(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new EnumNamesUnlessDeclared());
            o.SerializerOptions.Converters.Add(new NonFiniteAsNull());
        });
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new EnumNamesUnlessDeclared()));
        return builder;
    }

    /// <summary>
    /// A NaN or infinity stored before input was checked (JSON has no such numbers, so serializing one
    /// throws) is answered as null, so one bad value can never turn a whole list into a 500.
    /// </summary>
    public sealed class NonFiniteAsNull : JsonConverter<double>
    {
        // Numbers in quotes are read as the web defaults read them (AllowReadingFromString), finite only.
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType != JsonTokenType.String
                ? reader.GetDouble()
                : double.TryParse(reader.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                    && double.IsFinite(value)
                    ? value
                    : throw new JsonException($"'{reader.GetString()}' is not a finite number");

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }

    private sealed class EnumNamesUnlessDeclared : JsonConverterFactory
    {
        private readonly JsonStringEnumConverter _names = new();

        public override bool CanConvert(Type typeToConvert) =>
            _names.CanConvert(typeToConvert) && typeToConvert.GetCustomAttribute<JsonConverterAttribute>() is null;

        public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            _names.CreateConverter(typeToConvert, options);
    }
}
