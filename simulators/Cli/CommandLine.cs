using System.Globalization;
using System.Text;

namespace CommandCenter.Simulators.Cli;

/// <summary>
/// One option of a verb: its name, value placeholder, help, what the usage says in parentheses
/// ("default 1883", "required") and how to apply it.
/// </summary>
public sealed record Option<T>(string Name, string? Value, string Help, Func<T, string> ShowDefault, Func<T, string?, (T? Options, string? Error)> Apply)
    where T : class;

/// <summary>Builders for the option types the verbs use; each states its range in the help and in its error.</summary>
public static class Option
{
    public static Option<T> Int<T>(string name, string value, string help, int min, int max, Func<T, int> get, Func<T, int, T> set, string? defaultText = null)
        where T : class =>
        new(name, value, (min, max) == (int.MinValue, int.MaxValue) ? help : $"{help}, {min}-{max}", o => $"default {defaultText ?? get(o).ToString(CultureInfo.InvariantCulture)}", (o, text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? (set(o, v), null)
                : (null, $"{name} must be a whole number from {min} to {max}, got '{text}'"));

    public static Option<T> Number<T>(string name, string value, string help, double min, double max, Func<T, double> get, Func<T, double, T> set)
        where T : class =>
        new(name, value, $"{help}, {Show(min)}-{Show(max)}", o => $"default {Show(get(o))}", (o, text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? (set(o, v), null)
                : (null, $"{name} must be a number from {Show(min)} to {Show(max)}, got '{text}'"));

    /// <summary>A string option; <paramref name="defaultText"/> replaces the default value in the usage (e.g. "required").</summary>
    public static Option<T> Text<T>(string name, string value, string help, Func<T, string?> get, Func<T, string, T> set, string? defaultText = null)
        where T : class =>
        new(name, value, help, o => defaultText ?? $"default {get(o) ?? "none"}", (o, text) =>
            string.IsNullOrWhiteSpace(text) ? (null, $"{name} needs a non-empty value") : (set(o, text!), null));

    /// <summary>One of a fixed set of names, all listed in the help and in the error.</summary>
    public static Option<T> Choice<T>(string name, string value, string help, IReadOnlyCollection<string> choices, Func<T, string> get, Func<T, string, T> set)
        where T : class =>
        new(name, value, $"{help}: {string.Join(", ", choices)}", o => $"default {get(o)}", (o, text) =>
            text is not null && choices.Contains(text, StringComparer.Ordinal)
                ? (set(o, text), null)
                : (null, $"{name} must be one of {string.Join(", ", choices)}, got '{text}'"));

    public static Option<T> Flag<T>(string name, string help, Func<T, T> set)
        where T : class =>
        new(name, null, help, _ => "default off", (o, _) => (set(o), null));

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The options of one verb: parses them (returning an error message instead of throwing) and writes
/// the usage text from the same table, so every option is listed with its default.
/// </summary>
public sealed class CommandLine<T>(string verb, string summary, T defaults, IReadOnlyList<Option<T>> options, string notes, Func<T, string?>? check = null)
    where T : class
{
    public string Verb { get; } = verb;

    public string Summary { get; } = summary;

    public string Usage { get; } = BuildUsage(verb, summary, defaults, options, notes);

    public IReadOnlyList<Option<T>> Options => options;

    public (T? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var result = defaults;
        for (var i = 0; i < args.Count; i++)
        {
            var option = options.FirstOrDefault(o => o.Name == args[i]);
            if (option is null)
            {
                return (null, $"unknown option {args[i]}");
            }

            string? value = null;
            if (option.Value is not null)
            {
                if (i + 1 >= args.Count)
                {
                    return (null, $"option {args[i]} needs a value");
                }

                value = args[++i];
            }

            var (applied, error) = option.Apply(result, value);
            if (applied is null)
            {
                return (null, error);
            }

            result = applied;
        }

        return check?.Invoke(result) is { } problem ? (null, problem) : (result, null);
    }

    private static string BuildUsage(string verb, string summary, T defaults, IReadOnlyList<Option<T>> options, string notes)
    {
        var usage = new StringBuilder()
            .AppendLine(summary)
            .AppendLine()
            .AppendLine("Usage:")
            .AppendLine($"  CommandCenter.Simulators {verb} [options]")
            .AppendLine()
            .AppendLine("Options:");
        foreach (var option in options)
        {
            usage.AppendLine($"  {$"{option.Name} {option.Value}",-26} {option.Help} ({option.ShowDefault(defaults)})");
        }

        return usage.AppendLine($"  {"--help",-26} show this help").AppendLine().Append(notes.TrimEnd()).ToString();
    }
}
