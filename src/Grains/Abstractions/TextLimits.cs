namespace CommandCenter.Grains.Abstractions;

/// <summary>Lengths of free text people write into the record: what one alarm or ticket step may carry.</summary>
public static class TextLimits
{
    /// <summary>A comment on a handling step of an alarm or a work order.</summary>
    public const int MaxCommentLength = 2000;
}
