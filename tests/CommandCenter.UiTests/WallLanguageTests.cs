using System.Globalization;
using Bunit.TestDoubles;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CommandCenter.UiTests;

public sealed class WallLanguageTests : WallContext
{
    public static TheoryData<string> Languages => [LocalizationExtensions.Chinese.Name, LocalizationExtensions.English.Name];

    [Theory]
    [MemberData(nameof(Languages))]
    public void Names_EveryLanguage_NamesEveryValue(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);

        WallLanguage.In(culture, text =>
        {
            Names(text, Enum.GetValues<AlarmSeverity>());
            Names(text, Enum.GetValues<AlarmStatus>());
            Names(text, Enum.GetValues<SupervisionLevel>());
            Names(text, Enum.GetValues<AreaState>());
            Names(text, Enum.GetValues<ServiceMode>());
            Names(text, Enum.GetValues<DoorState>());
            Names(text, Enum.GetValues<WallView>()).Distinct().Count().ShouldBe(Enum.GetValues<WallView>().Length);
            return true;
        });

        static IReadOnlyList<string> Names<TEnum>(Microsoft.Extensions.Localization.IStringLocalizer<WallStrings> text, TEnum[] values)
            where TEnum : struct, Enum =>
            [.. values.Select(value => text.Name(value))];
    }

    [Theory]
    [InlineData(0.5, "0分钟", "0 min")]
    [InlineData(42, "42分钟", "42 min")]
    [InlineData(134, "2小时14分", "2h 14m")]
    [InlineData(1500, "1天1小时", "1d 1h")]
    public void Duration_Minutes_InWordsOfEachLanguage(double minutes, string chinese, string english)
    {
        WallLanguage.In(LocalizationExtensions.Chinese, text => text.Duration(TimeSpan.FromMinutes(minutes))).ShouldBe(chinese);
        WallLanguage.In(LocalizationExtensions.English, text => text.Duration(TimeSpan.FromMinutes(minutes))).ShouldBe(english);
    }

    [Fact]
    public void LanguageSwitch_InEnglish_MarksEnglishAndLinksToEachLanguage()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?view=map&lang=en");

        var languages = RenderOnWall<LanguageSwitch>(language: LocalizationExtensions.English);

        languages.Find("[data-testid='lang-en']").GetAttribute("aria-current").ShouldBe("true");
        languages.Find("[data-testid='lang-zh-CN']").HasAttribute("aria-current").ShouldBeFalse();
        // Chinese is named too: the culture cookie would otherwise keep English.
        languages.Find("[data-testid='lang-zh-CN']").GetAttribute("href").ShouldBe("http://localhost/?view=map&lang=zh-CN");
        languages.Find("[data-testid='lang-en']").GetAttribute("href").ShouldBe("http://localhost/?view=map&lang=en");
        languages.Find("nav").GetAttribute("aria-label").ShouldBe("Language");
    }

    [Fact]
    public void LanguageSwitch_Chosen_LoadsThePageAnew()
    {
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo("/?view=map");
        var languages = RenderOnWall<LanguageSwitch>();
        languages.Find("[data-testid='lang-zh-CN']").GetAttribute("aria-current").ShouldBe("true");

        languages.Find("[data-testid='lang-en']").Click();

        navigation.Uri.ShouldBe("http://localhost/?view=map&lang=en");
        navigation.History.First().Options.ForceLoad.ShouldBeTrue("a circuit keeps the language it started with");
    }

    [Fact]
    public void KpiStrip_English_LabelsInEnglish()
    {
        var kpis = RenderOnWall<KpiStrip>(language: LocalizationExtensions.English);

        kpis.Find("[data-kpi='alarms'] .kpi-label").TextContent.ShouldBe("Open alarms");
        kpis.Find("[data-kpi='online'] .kpi-label").TextContent.ShouldBe("Elevators online");
    }

    [Fact]
    public void KpiStrip_Default_LabelsInChinese()
    {
        var kpis = RenderOnWall<KpiStrip>();

        kpis.Find("[data-kpi='alarms'] .kpi-label").TextContent.ShouldBe("未结告警");
    }
}
