namespace CommandCenter.Components.Desk;

/// <summary>What the desk says when it refuses a step outside the operator's scope (<c>DeskRefusals.resx</c>, <c>DeskRefusals.zh-CN.resx</c>).</summary>
public sealed class DeskRefusals;
