namespace CommandCenter.Components.Ops;

/// <summary>
/// The texts of the operations page (<c>OpsText.resx</c>, <c>OpsText.zh-CN.resx</c>): its labels, and the
/// names of reject reasons, silo states and data stores.
/// </summary>
public sealed class OpsText;
