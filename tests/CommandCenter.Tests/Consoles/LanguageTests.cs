using System.Net;
using CommandCenter.Testing;
using CommandCenter.Tests.EndToEnd;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// Chinese by default; <c>?lang=en</c> on any page switches to English and is remembered for the pages
/// after it (the culture cookie), until <c>?lang=zh-CN</c> switches back.
/// </summary>
[Collection(CommandCenterCollection.Name)]
public sealed class LanguageTests(CommandCenterFixture fixture)
{
    private const string English = "Pair this wall screen";
    private const string Chinese = "配对此大屏";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LangParameter_English_IsRememberedForThePagesAfterItUntilChinese()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(fixture.Host.BaseUrl) };

        (await PageAsync(browser, "/pair")).ShouldContain(Chinese);
        var english = await PageAsync(browser, "/pair?lang=en");
        english.ShouldContain(English);
        english.ShouldContain("<html lang=\"en\">", customMessage: "the page says which language it is in");
        (await PageAsync(browser, "/pair")).ShouldContain(English, customMessage: "the language chosen before is remembered");
        var chinese = await PageAsync(browser, "/pair?lang=zh-CN");
        chinese.ShouldContain(Chinese);
        chinese.ShouldContain("<html lang=\"zh-CN\">");
        (await PageAsync(browser, "/pair")).ShouldContain(Chinese);
    }

    [Fact]
    public async Task LangParameter_OneTheProductLacks_IsIgnoredAndNotRemembered()
    {
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(fixture.Host.BaseUrl) };

        (await PageAsync(browser, "/pair?lang=fr")).ShouldContain(Chinese);
        (await PageAsync(browser, "/pair")).ShouldContain(Chinese);
    }

    [Fact]
    public async Task Login_ChineseByDefault_EnglishWithLangEn()
    {
        using var chinese = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(fixture.Host.BaseUrl) };
        using var english = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(fixture.Host.BaseUrl) };

        var zh = await PageAsync(chinese, "/login");
        var en = await PageAsync(english, "/login?lang=en");

        zh.ShouldContain("登录");
        zh.ShouldNotContain("Sign in");
        zh.ShouldContain("<html lang=\"zh-CN\">");
        en.ShouldContain("Sign in");
        en.ShouldNotContain("登录");
        en.ShouldContain("<html lang=\"en\">");
    }

    private static async Task<string> PageAsync(HttpClient browser, string path) =>
        WebUtility.HtmlDecode(await browser.GetStringAsync(path, Cancel));
}
