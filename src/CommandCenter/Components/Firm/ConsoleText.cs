namespace CommandCenter.Components.Firm;

/// <summary>
/// The texts of the firm console and of alarms wherever a console shows them (<c>ConsoleText.resx</c>,
/// <c>ConsoleText.zh-CN.resx</c>): labels, and the names of alarm states, steps and severities, duty
/// standings, elevator directions and modes.
/// </summary>
public sealed class ConsoleText;
