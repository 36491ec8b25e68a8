using System.Globalization;
using CommandCenter.Components.Layout;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.UiTests;

/// <summary>
/// A page redrawn by a callback from outside its circuit (the live feed, the end of the session) keeps
/// the language it was opened in, not that of the thread that raised the callback.
/// </summary>
public sealed class PageCultureTests : BunitContext
{
    public PageCultureTests()
    {
        Services.AddLocalization();
        Services.AddSingleton(TimeProvider.System);
    }

    [Fact]
    public async Task LiveComponent_ChangeFromAThreadInAnotherCulture_RendersInThePagesCulture()
    {
        using var _ = new UiCulture("zh-CN");
        var probe = Render<CultureProbe>();

        await probe.Instance.PushFromElsewhereAsync();

        probe.Find("[data-testid='culture']").TextContent.ShouldBe("zh-CN");
    }

    [Fact]
    public async Task SessionWatch_SessionEndsOnAThreadInAnotherCulture_SaysSoInThePagesLanguage()
    {
        using var _ = new UiCulture("zh-CN");
        var authorization = AddAuthorization();
        authorization.SetAuthorized("operator");
        var watch = Render<SessionWatch>();

        await Task.Run(
            () =>
            {
                CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
                authorization.SetNotAuthorized();
            },
            Xunit.TestContext.Current.CancellationToken);

        watch.WaitForAssertion(() => watch.Find("[data-testid='signed-out'] h1").TextContent.ShouldBe("已退出登录"));
    }
}
