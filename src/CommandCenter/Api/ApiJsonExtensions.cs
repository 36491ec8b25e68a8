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
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new EnumNamesUnlessDeclared()));
        builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new EnumNamesUnlessDeclared()));
        return builder;
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
