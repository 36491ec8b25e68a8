namespace CommandCenter.Components.Desk;

/// <summary>
/// The texts of the operator desk (<c>DeskText.resx</c>, <c>DeskText.zh-CN.resx</c>): its labels, the
/// names of ticket statuses, steps, levels and sources, and what it says when it refuses a step.
/// </summary>
public sealed class DeskText;
