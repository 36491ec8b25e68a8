using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.Tickets;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Tickets;

public sealed class TicketOptionsTests
{
    [Theory]
    [InlineData("2wh", 0, 2.0)]
    [InlineData("1wd", 1, 0.0)]
    [InlineData("15wd", 15, 0.0)]
    [InlineData("0.5wh", 0, 0.5)]
    [InlineData("7wd+3.5wh", 7, 3.5)]
    public void TimeLimitParse_WrittenForms_RoundTrip(string text, int days, double hours)
    {
        var limit = TimeLimit.Parse(text);

        limit.ShouldBe(new TimeLimit(days, TimeSpan.FromHours(hours)));
        limit.ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("-1wh")]
    [InlineData("0wd")]
    [InlineData("1.5wd")]
    [InlineData("wh")]
    [InlineData("2 hours")]
    public void TimeLimitTryParse_NotAPositiveLimit_IsRefused(string text)
    {
        TimeLimit.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2wh", "1wh")]
    [InlineData("1wd", "3.5wh")]
    [InlineData("15wd", "7wd+3.5wh")]
    [InlineData("2wd", "1wd")]
    public void TimeLimitHalf_OddDays_LeaveHalfAWorkingDayInHours(string limit, string half)
    {
        TimeLimit.Parse(limit).Half(TimeSpan.FromHours(7)).ShouldBe(TimeLimit.Parse(half));
    }

    [Fact]
    public void Validate_Defaults_PassAndIncludeTheDomainsCategories()
    {
        var options = new TicketOptions();
        TicketDefaults.Apply(options);

        new TicketOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
        var catalog = new TicketCatalog(Options.Create(options));
        catalog.Find(TicketCategoryCodes.ExposedGarbage)!.TimeLimit.ShouldBe(TimeLimit.Days(1));
        catalog.Find(TicketCategoryCodes.RoadCleaning)!.TimeLimit.ShouldBe(TimeLimit.Hours(2));
        catalog.Find(TicketCategoryCodes.IllegalConstruction)!.TimeLimit.ShouldBe(TimeLimit.Days(15));
        catalog.Find(TicketCategoryCodes.ElevatorHazardSerious).ShouldNotBeNull();
        catalog.Categories.Select(c => c.Kind).Distinct().Count().ShouldBe(2);
    }

    [Fact]
    public void Validate_ManyMistakes_ReportsEveryOneAtOnce()
    {
        var options = new TicketOptions { DispatchLimit = "soon", ClosedKeptInIndex = TimeSpan.Zero };
        options.Calendar.TimeZone = "Mars/Olympus";
        options.Calendar.WorkingHours.AddRange(["09:00-12:00", "11:00-13:00", "18:00-08:00"]);
        options.Calendar.Holidays.Add(new DateOnly(2026, 10, 1));
        options.Calendar.MakeUpWorkingDays.Add(new DateOnly(2026, 10, 1));
        options.Categories.AddRange(
        [
            new TicketCategoryOptions { Code = "dup", NameZh = "甲", NameEn = "A", Kind = "event", Group = "other", TimeLimit = "2wh" },
            new TicketCategoryOptions { Code = "DUP", NameZh = "乙", NameEn = "B", Kind = "thing", Group = "other", TimeLimit = "2 hours" },
            new TicketCategoryOptions { Code = "no name", Kind = "component", TimeLimit = "1wd", FilingLimit = "0wh" },
        ]);
        TicketDefaults.Apply(options);

        var result = new TicketOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        var failures = result.Failures!.ToList();
        failures.ShouldContain(f => f.Contains("Mars/Olympus"));
        failures.ShouldContain(f => f.Contains("18:00-08:00"));
        failures.ShouldContain(f => f.Contains("overlap"));
        failures.ShouldContain(f => f.Contains("2026-10-01"));
        failures.ShouldContain(f => f.Contains("DispatchLimit"));
        failures.ShouldContain(f => f.Contains("ClosedKeptInIndex"));
        failures.ShouldContain(f => f.Contains("'thing'"));
        failures.ShouldContain(f => f.Contains("'2 hours'"));
        failures.ShouldContain(f => f.Contains("'0wh'"));
        failures.ShouldContain(f => f.Contains("'no name'") && f.Contains("Code"));
        failures.ShouldContain(f => f.Contains("NameZh"));
        failures.ShouldContain(f => f.Contains("Group"));
        failures.ShouldContain(f => f.Contains("unique"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("31.00:00:00")]
    public void Validate_ReworkWindowNotPositiveOrLongerThanTheIndexKeepsClosedCases_IsRefusedNamingIt(string window)
    {
        var options = new TicketOptions { ReworkWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) };
        TicketDefaults.Apply(options);

        var result = new TicketOptionsValidator().Validate(null, options);

        result.Failures.ShouldNotBeNull().ShouldHaveSingleItem().ShouldStartWith("Tickets:ReworkWindow:");
    }

    [Fact]
    public void TicketKpisOf_StepsDoneLateOrMissedTheirDueTime_CountAsLate()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var onTime = new TicketSummary
        {
            Status = TicketStatus.Closed,
            FilingDueAt = now.AddHours(-10),
            DecidedAt = now.AddHours(-11),
            DispatchDueAt = now.AddHours(-9),
            DispatchedAt = now.AddHours(-10),
            DeadlineAt = now.AddHours(-5),
            FeedbackAt = now.AddHours(-6),
            ClosureDueAt = now.AddHours(-1),
            ClosedAt = now.AddHours(-2),
            ReworkCount = 1,
        };
        var late = new TicketSummary
        {
            Status = TicketStatus.InProgress,
            FilingDueAt = now.AddHours(-10),
            DecidedAt = now.AddHours(-9),
            DispatchDueAt = now.AddHours(-8),
            DispatchedAt = now.AddHours(-8),
            DeadlineAt = now.AddHours(-1),
            ClosureDueAt = now.AddHours(-0.5),
        };

        var kpis = TicketKpis.Of(onTime, now).Plus(TicketKpis.Of(late, now));

        kpis.Total.ShouldBe(2);
        kpis.Open.ShouldBe(1);
        kpis.OnTimeFilingRate.ShouldBe(0.5);
        kpis.OnTimeDispatchRate.ShouldBe(1);
        kpis.OnTimeDisposalRate.ShouldBe(0.5);
        kpis.OnTimeClosureRate.ShouldBe(0.5);
        kpis.Overdue.ShouldBe(1);
        kpis.OverdueOpen.ShouldBe(1);
        kpis.Reworks.ShouldBe(1);
        new TicketKpis().OnTimeFilingRate.ShouldBeNull();
    }
}
