using System.Globalization;

namespace CommandCenter.Localization;

/// <summary>
/// The culture a page was opened in. A circuit's own work (rendering, the browser's events, timers it
/// started) runs in it, but a callback from elsewhere (the live feed, the end of a session) runs in the
/// culture of whoever raised it: such callbacks apply the page's culture before they render, or the
/// page would redraw in the neutral language.
/// </summary>
public readonly record struct PageCulture(CultureInfo Culture, CultureInfo UICulture)
{
    /// <summary>The culture of the code running now: taken when a component is created, which is in its circuit.</summary>
    public static PageCulture Current => new(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);

    /// <summary>Makes this the culture of the running async flow (and of nothing outside it).</summary>
    public void Apply()
    {
        CultureInfo.CurrentCulture = Culture;
        CultureInfo.CurrentUICulture = UICulture;
    }
}
