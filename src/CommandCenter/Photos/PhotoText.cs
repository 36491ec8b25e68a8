namespace CommandCenter.Photos;

/// <summary>The texts of photos (<c>PhotoText.resx</c>, <c>PhotoText.zh-CN.resx</c>): why a photo was refused, served or not.</summary>
public sealed class PhotoText;
