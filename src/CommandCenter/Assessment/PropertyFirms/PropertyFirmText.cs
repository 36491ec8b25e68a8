namespace CommandCenter.Assessment.PropertyFirms;

/// <summary>The texts of the property firms' assessment (<c>PropertyFirmText.resx</c>, <c>PropertyFirmText.zh-CN.resx</c>).</summary>
public sealed class PropertyFirmText
{
    /// <summary>The page listing the firms with stars, credit level and history.</summary>
    public const string PageRoute = "/property-firms";
}
