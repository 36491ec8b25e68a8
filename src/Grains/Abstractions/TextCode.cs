namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// A text a grain keeps or reports for people to read, as a stable resource key and its arguments
/// (formatted invariantly). Grains never choose a language: the web tier renders the key in the
/// reader's culture (<c>IStringLocalizer</c>), so stored state reads in Chinese and English alike.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TextCode(
    [property: Id(0)] string Key,
    [property: Id(1)] IReadOnlyList<string> Args)
{
    public static TextCode Of(string key, params string[] args) => new(key, args);
}
