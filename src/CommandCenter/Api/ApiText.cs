namespace CommandCenter.Api;

/// <summary>
/// The texts of API refusals that are no one feature's (<c>ApiText.resx</c>, <c>ApiText.zh-CN.resx</c>): titles by
/// status, sign-in and scope refusals, and the small endpoints' own. Features with more to say have their own file.
/// </summary>
public sealed class ApiText;
