namespace CommandCenter.Auth;

/// <summary>The texts of the sign-in and account pages (<c>AccountText.resx</c>, <c>AccountText.zh-CN.resx</c>).</summary>
public sealed class AccountText;
