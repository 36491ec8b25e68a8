namespace CommandCenter.Disposal;

/// <summary>The texts of the disposal console <c>/work</c> (<c>DisposalText.resx</c>, <c>DisposalText.zh-CN.resx</c>).</summary>
public sealed class DisposalText;
