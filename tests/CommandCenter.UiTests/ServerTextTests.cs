using System.Collections.Immutable;
using CommandCenter.Alarms;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using CommandCenter.Tickets;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CommandCenter.UiTests;

/// <summary>
/// What grains keep as codes (why a firm was dispatched, the notices on a ticket's trail, a ticket's refusals)
/// reads in the reader's language, and what was stored before the codes still reads as it was written.
/// </summary>
public sealed class ServerTextTests
{
    private static readonly ResourceManagerStringLocalizerFactory Texts = new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
    private static readonly IStringLocalizer<AlarmText> AlarmTexts = new StringLocalizer<AlarmText>(Texts);
    private static readonly IStringLocalizer<TicketText> TicketTexts = new StringLocalizer<TicketText>(Texts);

    private static readonly AlarmDispatch Redispatch = AlarmDispatch.For(
        "FIRM-002", WallData.Start, WallData.Start + TimeSpan.FromMinutes(30),
        TextCode.Of(AlarmDispatchReasons.ArrivalMissed, "FIRM-001", "2026-11-25T09:30:00.0000000+00:00"));

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public void FaultNames_EveryLanguage_NameEveryFaultCode(string language)
    {
        using var culture = new UiCulture(language);

        FaultCodes.All.Keys.ShouldAllBe(code => !AlarmTexts[$"Fault.{code}"].ResourceNotFound);
    }

    [Fact]
    public void FaultName_CodeWithoutAName_IsTheAlarmsDescription()
    {
        var alarm = WallData.Trapped("A1", WallData.Start) with { Code = "99", Description = "vendor fault 99" };
        using var culture = new UiCulture("zh-CN");

        AlarmTexts.FaultName(alarm).ShouldBe("vendor fault 99");
        AlarmTexts.FaultName(WallData.Trapped("A2", WallData.Start)).ShouldBe("困人");
    }

    [Theory]
    [InlineData("zh-CN", "FIRM-001 未在 2026-11-25T09:30:00.0000000+00:00 前到场")]
    [InlineData("en", "FIRM-001 did not arrive by 2026-11-25T09:30:00.0000000+00:00")]
    public void RedispatchReason_IsInTheReadersLanguage(string language, string reason)
    {
        using var culture = new UiCulture(language);

        AlarmTexts.ReasonOf(Redispatch).ShouldBe(reason);
    }

    [Theory]
    [InlineData("zh-CN", "电梯的维保单位", "困人")]
    [InlineData("en", "maintenance firm of the elevator", "trapped passenger")]
    public void AlarmAsTheApiAnswersIt_HasItsFaultAndReasonsInTheReadersLanguage(string language, string firstReason, string fault)
    {
        var stored = WallData.Trapped("A1", WallData.Start) with
        {
            Description = "",
            Dispatches = [AlarmDispatch.For("FIRM-001", WallData.Start, null, TextCode.Of(AlarmDispatchReasons.FirmOfElevator)), Redispatch],
        };
        using var culture = new UiCulture(language);

        var shown = AlarmTexts.Localized(stored);

        shown.Description.ShouldBe(fault);
        shown.Dispatches[0].Reason.ShouldBe(firstReason);
        shown.Dispatches[1].ReasonCode.ShouldBe(Redispatch.ReasonCode, "the stable code travels beside the text");
    }

    [Fact]
    public void RedispatchReason_StoredBeforeReasonsHadCodes_ReadsAsStored()
    {
        var old = new AlarmDispatch("FIRM-002", WallData.Start, null, "FIRM-001 did not arrive by 2026-11-25T09:30:00.0000000+00:00");
        using var culture = new UiCulture("zh-CN");

        AlarmTexts.ReasonOf(old).ShouldBe(old.Reason);
    }

    [Theory]
    [InlineData("zh-CN", "处置时限 2026-11-25 17:30 已过；已升级至 community/C01。")]
    [InlineData("en", "Disposal deadline 2026-11-25 17:30 passed; escalated to community/C01.")]
    public void EscalationNotice_IsInTheReadersLanguage_AndAPersonsCommentIsKept(string language, string notice)
    {
        var escalated = new TicketAuditEntry(
            WallData.Start, "system", "YellowCard", TicketStatus.Dispatched, TicketStatus.Dispatched, null, "community/C01",
            TextCode.Of(TicketNotices.Escalated, "2026-11-25 17:30", "community/C01"));
        var written = new TicketAuditEntry(WallData.Start, "王", "SendBack", TicketStatus.Feedback, TicketStatus.InProgress, "仍有油污 still oily");
        using var culture = new UiCulture(language);

        TicketTexts.CommentOf(escalated).ShouldBe(notice);
        TicketTexts.CommentOf(written).ShouldBe("仍有油污 still oily");
    }

    [Theory]
    [InlineData("zh-CN", "工单 WO-1 被拒：dispatch 须填写原因。 网格“G99”不在本市的行政区划中。")]
    [InlineData("en", "Ticket WO-1 refused: dispatch needs a comment saying why. grid 'G99' is not in the city's administrative tree.")]
    public void TicketRefusal_ListsEveryProblemInTheReadersLanguage(string language, string refusal)
    {
        var refused = new TicketValidationException("WO-1", TicketStatus.Filed, [TicketAction.Dispatch], ImmutableArray.Create(
            TextCode.Of(TicketProblems.NeedsComment, "dispatch"), TextCode.Of(TicketProblems.GridNotInCity, "G99")));
        using var culture = new UiCulture(language);

        TicketTexts.Refusal(refused).ShouldBe(refusal);
    }
}
