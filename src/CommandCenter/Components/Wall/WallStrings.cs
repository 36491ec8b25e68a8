namespace CommandCenter.Components.Wall;

/// <summary>
/// The wall's texts (<c>WallStrings.resx</c> English, <c>WallStrings.zh-CN.resx</c> Chinese), read through
/// <c>IStringLocalizer&lt;WallStrings&gt;</c> in the UI culture the request chose. Enum values are named by
/// <c>Type.Value</c> (<c>AlarmStatus.Occurred</c>); see <see cref="CommandCenter.Wall.WallNames"/>. Fault names are every
/// alarm screen's, in <see cref="CommandCenter.Alarms.AlarmText"/>.
/// </summary>
public sealed class WallStrings;
