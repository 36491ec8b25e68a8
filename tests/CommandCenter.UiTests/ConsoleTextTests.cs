using System.Globalization;
using CommandCenter.Components.Desk;
using CommandCenter.Components.Firm;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using CommandCenter.Localization;
using CommandCenter.Protocol;
using CommandCenter.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.UiTests;

/// <summary>
/// The consoles' texts come from their resource files in the page's language: Chinese by default,
/// English when the UI culture is English; every enum value a console shows has its entry.
/// </summary>
public sealed class ConsoleTextTests : BunitContext
{
    private static readonly DateTimeOffset Now = WallData.Start + TimeSpan.FromMinutes(1);

    private static readonly IStringLocalizerFactory Factory =
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    public ConsoleTextTests() => Services.AddLocalization();

    public static TheoryData<string, string> Cultures => new() { { "zh-CN", "待响应" }, { "en", "Occurred" } };

    [Fact]
    public void EnumsTheConsolesShow_EveryValue_HasAnEntryInEveryLanguage()
    {
        var missing = new List<string>();
        foreach (var culture in new[] { LocalizationExtensions.Chinese, LocalizationExtensions.English })
        {
            Check<DeskText, TicketStatus>(culture, missing);
            Check<DeskText, TicketAction>(culture, missing);
            Check<DeskText, SupervisionLevel>(culture, missing);
            Check<DeskText, TicketAreaLevel>(culture, missing);
            Check<DeskText, TicketSource>(culture, missing);
            Check<ConsoleText, AlarmStatus>(culture, missing);
            Check<ConsoleText, AlarmAction>(culture, missing);
            Check<ConsoleText, AlarmSeverity>(culture, missing);
            Check<ConsoleText, DutyStatus>(culture, missing);
            Check<ConsoleText, Direction>(culture, missing);
            Check<ConsoleText, ServiceMode>(culture, missing);
        }

        missing.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void AlarmCard_InTheUiCulture_ShowsItsStatusAndCountdownInThatLanguage(string culture, string occurred)
    {
        using var _ = new UiCulture(culture);

        var card = Render<AlarmCard>(p => p
            .Add(c => c.Alarm, WallData.Trapped("A-1", WallData.Start))
            .Add(c => c.Now, Now)
            .Add(c => c.Zone, TimeZoneInfo.Utc)
            .Add(c => c.OnAct, (_, _, _) => Task.FromResult<string?>(null)));

        card.Find("[data-testid='alarm-status']").TextContent.ShouldBe(occurred);
        card.Find("[data-testid='countdown']").TextContent.Trim().ShouldBe(culture == "en" ? "Arrive in 29:00" : "到场剩余 29:00");
        card.Find("[data-action='Respond']").TextContent.ShouldBe(culture == "en" ? "Acknowledge" : "响应");
    }

    [Fact]
    public void DutyPanel_English_NamesTheDutiesAndStandingsInEnglish()
    {
        using var _ = new UiCulture("en");
        var due = new DutyStanding(DutyStatus.Overdue, null, WallData.Start, WallData.Start, "2026-11-25");
        var fine = new DutyStanding(DutyStatus.Normal, null, WallData.Start.AddDays(1), WallData.Start.AddDays(2), "2026-11-26");

        var panel = Render<DutyPanel>(p => p
            .Add(d => d.Duties, [new ElevatorDuties("EL-0001", due, fine, fine, [], null, fine, fine, fine, null)])
            .Add(d => d.Now, Now)
            .Add(d => d.Zone, TimeZoneInfo.Utc));

        panel.Find("[data-duty='Daily'][data-status='Overdue']").TextContent.ShouldBe("1");
        panel.Find(".attention li").TextContent.ShouldContain("EL-0001 Daily Overdue");
    }

    [Theory]
    [InlineData("zh-CN", "暴露垃圾")]
    [InlineData("en", "Exposed garbage")]
    public void CategoryName_InTheUiCulture_IsTheConfiguredNameOfThatLanguage(string culture, string name)
    {
        using var _ = new UiCulture(culture);
        var tickets = new TicketOptions();
        TicketDefaults.Apply(tickets);
        var catalog = new TicketCatalog(Options.Create(tickets));

        catalog.CategoryName("exposed-garbage").ShouldBe(name);
        catalog.CategoryName("no-such-category").ShouldBe("no-such-category");
    }

    private static void Check<TText, TEnum>(CultureInfo culture, List<string> missing)
        where TEnum : struct, Enum
    {
        using var _ = new UiCulture(culture.Name);
        var text = Factory.Create(typeof(TText));
        missing.AddRange(Enum.GetValues<TEnum>()
            .Select(EnumText.KeyOf)
            .Where(key => text[key].ResourceNotFound)
            .Select(key => $"{typeof(TText).Name} {culture.Name}: {key}"));
    }
}
