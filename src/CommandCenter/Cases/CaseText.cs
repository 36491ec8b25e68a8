namespace CommandCenter.Cases;

/// <summary>The texts of cases reported from the street and the grid worker's phone pages (<c>CaseText.resx</c>, <c>CaseText.zh-CN.resx</c>).</summary>
public sealed class CaseText;
