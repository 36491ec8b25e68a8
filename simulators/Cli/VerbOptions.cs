using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CommandCenter.Simulators.Cli;

/// <summary>
/// The kinds of option the verbs take. Each names its value in the help (<c>--port &lt;PORT&gt;</c>) and
/// states its allowed range both there and in the error for a bad value
/// ("--port must be a whole number from 1 to 65535, got '0'"); System.CommandLine's own conversion
/// errors name the .NET type instead, hence the custom parsers.
/// </summary>
internal static class VerbOptions
{
    public static Option<int> Whole(string name, string valueName, string description, int min, int max, int defaultValue)
    {
        var option = Parsed(name, valueName, WithRange(description, min, max), text => ParseWhole(text, min, max), WholeError(name, min, max));
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>A whole number whose absence means something other than a number, told by <paramref name="defaultText"/>.</summary>
    public static Option<int?> OptionalWhole(string name, string valueName, string description, int min, int max, string defaultText) =>
        Parsed<int?>(name, valueName, WithDefault(WithRange(description, min, max), defaultText), text => ParseWhole(text, min, max) is (true, var value) ? (true, value) : (false, null), WholeError(name, min, max));

    public static Option<double> Number(string name, string valueName, string description, double min, double max, double defaultValue)
    {
        var option = Parsed<double>(
            name,
            valueName,
            $"{description}, {Show(min)}-{Show(max)}",
            text => (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max, value),
            $"{name} must be a number from {Show(min)} to {Show(max)}");
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    public static Option<string> Text(string name, string valueName, string description, string defaultValue)
    {
        var option = Parsed(name, valueName, description, NonEmpty, NonEmptyError(name));
        option.DefaultValueFactory = _ => defaultValue;
        return option;
    }

    /// <summary>The command center's web address, off unless given; anything but an absolute URL is refused, naming the option.</summary>
    public static Option<string?> WebAddress(string name, string description) =>
        OptionalText(name, "URL", description, "off", url => Uri.TryCreate(url, UriKind.Absolute, out _) ? null : $"{name} must be an absolute URL, got '{url}'");

    /// <summary>
    /// Text whose absence means something other than a value (a file beside another, "off"), told by
    /// <paramref name="defaultText"/>; <paramref name="check"/> returns what is wrong with a value, if anything.
    /// </summary>
    public static Option<string?> OptionalText(string name, string valueName, string description, string defaultText, Func<string, string?>? check = null)
    {
        var option = Parsed<string?>(name, valueName, WithDefault(description, defaultText), text => NonEmpty(text), NonEmptyError(name));
        if (check is not null)
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } value && check(value) is { } problem)
                {
                    result.AddError(problem);
                }
            });
        }

        return option;
    }

    /// <summary>
    /// A text option the verb cannot do without. Not System.CommandLine's <c>Required</c>: its error is checked
    /// by <see cref="Verb{T}"/> so that it reads like the others ("--out is required").
    /// </summary>
    public static Option<string?> RequiredText(string name, string valueName, string description) =>
        Parsed<string?>(name, valueName, $"{description} [required]", text => NonEmpty(text), NonEmptyError(name));

    /// <summary>One of a fixed set of names, all listed in the help and in the error.</summary>
    public static Option<string> Choice(string name, string valueName, string description, IReadOnlyCollection<string> choices, string defaultValue)
    {
        var option = Parsed(
            name,
            valueName,
            $"{description}: {string.Join(", ", choices)}",
            text => (choices.Contains(text, StringComparer.Ordinal), text),
            $"{name} must be one of {string.Join(", ", choices)}");
        option.DefaultValueFactory = _ => defaultValue;
        option.CompletionSources.Add([.. choices]);
        return option;
    }

    /// <summary>
    /// Some of a fixed set of names: several after the option (<c>--level street grid</c>) or the option repeated, each
    /// checked and all listed in the help and in the error; unlike the other options, repeating it adds rather than replaces.
    /// </summary>
    public static Option<string[]> Choices(string name, string valueName, string description, IReadOnlyCollection<string> choices, IReadOnlyList<string> defaultValues)
    {
        var option = new Option<string[]>(name)
        {
            HelpName = valueName,
            Description = $"{description}: {string.Join(", ", choices)}",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [.. defaultValues],
            CustomParser = result =>
            {
                if (result.Tokens.FirstOrDefault(t => !choices.Contains(t.Value, StringComparer.Ordinal)) is { } wrong)
                {
                    result.AddError($"{name} must be one or more of {string.Join(", ", choices)}, got '{wrong.Value}'");
                    return [];
                }

                return [.. result.Tokens.Select(t => t.Value).Distinct()];
            },
        };
        option.CompletionSources.Add([.. choices]);
        return option;
    }

    /// <summary>An on/off switch without a value; System.CommandLine shows no default for these, so the description does.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = WithDefault(description, "off") };

    /// <summary>The "[default: …]" System.CommandLine writes for a value, for a default that is a rule rather than a value.</summary>
    private static string WithDefault(string description, string defaultText) => $"{description} [default: {defaultText}]";

    private static string WithRange(string description, int min, int max) =>
        (min, max) == (int.MinValue, int.MaxValue) ? description : $"{description}, {min}-{max}";

    /// <summary>An option of one value that <paramref name="parse"/> turns into <typeparamref name="T"/>, or refuses with the error "<paramref name="error"/>, got '…'".</summary>
    private static Option<T> Parsed<T>(string name, string valueName, string description, Func<string, (bool Ok, T Value)> parse, string error) =>
        new(name)
        {
            HelpName = valueName,
            Description = description,
            // Given more than once, the last value counts: bench.sh adds a second --rate to its load runs.
            // Each occurrence still takes one value (AllowMultipleArgumentsPerToken is off).
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                if (parse(text) is (true, var value))
                {
                    return value;
                }

                result.AddError($"{error}, got '{text}'");
                return default;
            },
        };

    private static (bool Ok, int Value) ParseWhole(string text, int min, int max) =>
        (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max, value);

    private static string WholeError(string name, int min, int max) => $"{name} must be a whole number from {min} to {max}";

    private static (bool, string) NonEmpty(string text) => (!string.IsNullOrWhiteSpace(text), text);

    private static string NonEmptyError(string name) => $"{name} needs a non-empty value";

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
