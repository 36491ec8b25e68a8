namespace CommandCenter.Components.Admin;

/// <summary>The texts of the administration pages (<c>AdminText.resx</c>, <c>AdminText.zh-CN.resx</c>).</summary>
public sealed class AdminText;
