using Microsoft.Playwright;

namespace CommandCenter.BrowserTests;

/// <summary>What a page shows a user as broken: console errors, uncaught exceptions, answers of 400 and above.</summary>
public static class BrowserErrors
{
    /// <summary>The page's errors from now on, as they happen.</summary>
    public static List<string> Collect(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        return problems;
    }
}
