using Microsoft.Extensions.Localization;

namespace CommandCenter.Photos;

/// <summary>Why a photo was refused, as a key of <see cref="PhotoText"/> and its arguments; rendered in the reader's language.</summary>
public sealed record PhotoRefusal(string Key, params object[] Args)
{
    /// <summary>The file, its size, the limit.</summary>
    public const string TooLarge = "Refused.TooLarge";

    /// <summary>The file.</summary>
    public const string Empty = "Refused.Empty";

    /// <summary>The file.</summary>
    public const string NotAnImage = "Refused.NotAnImage";

    /// <summary>The file, width, height, its megapixels, the most megapixels.</summary>
    public const string TooManyPixels = "Refused.TooManyPixels";

    /// <summary>The file, its format.</summary>
    public const string Undecodable = "Refused.Undecodable";

    /// <summary>The file, the store's use, its quota.</summary>
    public const string OverQuota = "Refused.OverQuota";

    /// <summary>The most per request, how many were sent.</summary>
    public const string TooMany = "Refused.TooMany";

    /// <summary>The form field's name.</summary>
    public const string NoPhoto = "Refused.NoPhoto";

    /// <summary>The value given, the steps.</summary>
    public const string Step = "Refused.Step";

    /// <summary>The most bytes a request may carry.</summary>
    public const string RequestTooLarge = "Refused.RequestTooLarge";

    public string Render(IStringLocalizer<PhotoText> text) => text[Key, Args];
}
