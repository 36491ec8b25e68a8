using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.UiTests;

public sealed class WallTextTests : WallContext
{
    [Theory]
    [InlineData(null, "zh-CN")]
    [InlineData("", "zh-CN")]
    [InlineData("en", "en")]
    [InlineData("EN", "en")]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("fr", "zh-CN")]
    public void For_QueryValue_ChineseUnlessEnglishIsAskedFor(string? code, string expected) =>
        WallText.For(code).Code.ShouldBe(expected);

    public static TheoryData<string> Languages => [.. WallText.All.Select(t => t.Code)];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Tables_EveryLanguage_NamesEveryValue(string code)
    {
        var text = WallText.For(code);

        Enum.GetValues<AlarmSeverity>().ShouldAllBe(v => text.Severities.ContainsKey(v));
        Enum.GetValues<AlarmStatus>().ShouldAllBe(v => text.AlarmStatuses.ContainsKey(v));
        Enum.GetValues<SupervisionLevel>().ShouldAllBe(v => text.SupervisionLevels.ContainsKey(v));
        Enum.GetValues<AreaState>().ShouldAllBe(v => text.AreaStates.ContainsKey(v));
        Enum.GetValues<ServiceMode>().ShouldAllBe(v => text.Modes.ContainsKey(v));
        Enum.GetValues<DoorState>().ShouldAllBe(v => text.Doors.ContainsKey(v));
        FaultCodes.All.Keys.ShouldAllBe(c => text.Faults.ContainsKey(c));
        Enum.GetValues<WallView>().Select(text.ViewName).Distinct().Count().ShouldBe(Enum.GetValues<WallView>().Length);
    }

    [Theory]
    [InlineData(0.5, "0分钟", "0 min")]
    [InlineData(42, "42分钟", "42 min")]
    [InlineData(134, "2小时14分", "2h 14m")]
    [InlineData(1500, "1天1小时", "1d 1h")]
    public void Duration_Minutes_InWordsOfEachLanguage(double minutes, string chinese, string english)
    {
        WallText.ZhCn.Duration(TimeSpan.FromMinutes(minutes)).ShouldBe(chinese);
        WallText.En.Duration(TimeSpan.FromMinutes(minutes)).ShouldBe(english);
    }

    [Fact]
    public void LanguageSwitch_InEnglish_MarksEnglishAndLinksBackToTheDefault()
    {
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/?view=map&lang=en");

        var languages = RenderOnWall<LanguageSwitch>(text: WallText.En);

        languages.Find("[data-testid='lang-en']").GetAttribute("aria-current").ShouldBe("true");
        languages.Find("[data-testid='lang-zh-CN']").HasAttribute("aria-current").ShouldBeFalse();
        languages.Find("[data-testid='lang-zh-CN']").GetAttribute("href").ShouldBe("http://localhost/?view=map");
        languages.Find("[data-testid='lang-en']").GetAttribute("href").ShouldBe("http://localhost/?view=map&lang=en");
    }

    [Fact]
    public void KpiStrip_English_LabelsInEnglish()
    {
        var kpis = RenderOnWall<KpiStrip>(text: WallText.En);

        kpis.Find("[data-kpi='alarms'] .kpi-label").TextContent.ShouldBe("Open alarms");
        kpis.Find("[data-kpi='online'] .kpi-label").TextContent.ShouldBe(WallText.En.ElevatorsOnline);
    }
}
