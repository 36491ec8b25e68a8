namespace CommandCenter.Protocol;

/// <summary>
/// One problem of a city file: <see cref="Text"/> as the validator says it in English (the log, the command line), and
/// its <see cref="Code"/>, the <see cref="Kind"/> of thing it concerns (<c>elevator</c>, <c>lot</c>, … or null) and its
/// <see cref="Args"/> (ids, values), from which a reader in another language renders the same sentence.
/// </summary>
public sealed record CityProblem(string Code, string Text, string? Kind, IReadOnlyList<string> Args)
{
    public override string ToString() => Text;
}
