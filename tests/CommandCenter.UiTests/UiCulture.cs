using System.Globalization;

namespace CommandCenter.UiTests;

/// <summary>Sets the UI culture of the running test, as request localization does for a page, until disposed.</summary>
internal sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _before = CultureInfo.CurrentUICulture;

    public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public void Dispose() => CultureInfo.CurrentUICulture = _before;
}
