using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CommandCenter.Grains.Tickets;

/// <summary>
/// A time limit on the working calendar: whole working days, then working hours. Written as
/// <c>15wd</c>, <c>2wh</c>, <c>0.5wh</c> (demos shorten limits this way) or <c>7wd+3.5wh</c>.
/// </summary>
[JsonConverter(typeof(TimeLimitJsonConverter))]
public readonly record struct TimeLimit(int WorkingDays, TimeSpan WorkingHours)
{
    private const string DaysUnit = "wd";
    private const string HoursUnit = "wh";

    public static TimeLimit Days(int days) => new(days, TimeSpan.Zero);

    public static TimeLimit Hours(double hours) => new(0, TimeSpan.FromHours(hours));

    public bool IsPositive => WorkingDays >= 0 && WorkingHours >= TimeSpan.Zero && (WorkingDays > 0 || WorkingHours > TimeSpan.Zero);

    /// <summary>
    /// Half of this limit. An odd day count leaves half a day, which becomes half of
    /// <paramref name="workingDayLength"/> in working hours (15wd → 7wd + 3.5wh on a 7-hour day).
    /// </summary>
    public TimeLimit Half(TimeSpan workingDayLength) =>
        new(WorkingDays / 2, (WorkingHours + (WorkingDays % 2 * workingDayLength)) / 2);

    public static TimeLimit Parse(string text) =>
        TryParse(text, out var limit) ? limit : throw new FormatException($"'{text}' is not a time limit such as 2wh, 1wd or 7wd+3.5wh.");

    public static bool TryParse(string? text, out TimeLimit limit)
    {
        limit = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var days = 0;
        var hours = 0m;
        foreach (var part in text.Split('+', StringSplitOptions.TrimEntries))
        {
            var number = part.Length > 2 ? part[..^2] : "";
            if (part.EndsWith(DaysUnit, StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var d))
            {
                days += d;
            }
            else if (part.EndsWith(HoursUnit, StringComparison.OrdinalIgnoreCase) &&
                     decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var h))
            {
                hours += h;
            }
            else
            {
                return false;
            }
        }

        limit = new TimeLimit(days, TimeSpan.FromHours((double)hours));
        return limit.IsPositive;
    }

    public override string ToString()
    {
        var hours = WorkingHours.TotalHours.ToString("0.####", CultureInfo.InvariantCulture) + HoursUnit;
        return (WorkingDays, WorkingHours > TimeSpan.Zero) switch
        {
            (0, _) => hours,
            (_, false) => WorkingDays + DaysUnit,
            _ => $"{WorkingDays}{DaysUnit}+{hours}",
        };
    }
}

/// <summary>Time limits travel as their text form, e.g. <c>"2wh"</c>.</summary>
public sealed class TimeLimitJsonConverter : JsonConverter<TimeLimit>
{
    public override TimeLimit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeLimit.TryParse(reader.GetString(), out var limit) ? limit : throw new JsonException("Expected a time limit such as 2wh or 1wd.");

    public override void Write(Utf8JsonWriter writer, TimeLimit value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
