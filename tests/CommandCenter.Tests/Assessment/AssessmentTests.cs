using CommandCenter.Assessment;
using CommandCenter.Auth;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Shouldly;
using static CommandCenter.Tests.Assessment.AssessmentWorld;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// KPIs and firm scores of the simulated November (<see cref="AssessmentWorld"/>) equal the figures worked out by hand from its
/// events; a weight changed in configuration changes the scores and the ranking.
/// </summary>
public sealed class AssessmentTests
{
    private const double Tolerance = 1e-9;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kpis_NovemberByDistrict_EqualHandComputedFiguresBesideOctober()
    {
        await using var world = await StartAsync();
        var kpis = world.Get<KpiService>();
        var city = AssessmentScope.CityOf(world.Get<CityDirectory>());

        var report = await kpis.ComputeAsync(city, NovemberWindow, NovemberWindow.Previous(Zone), KpiGrouping.District, Cancel);

        report.Window.From.ShouldBe(new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero));
        report.PreviousWindow.Label.ShouldBe("2026-10");
        // T1 on time throughout; T2 filed late, overdue, closed late, sent back once; T3 cancelled in time.
        var tickets = report.Total.Tickets!;
        (tickets.Reported, tickets.Closed, tickets.Cancelled, tickets.Overdue, tickets.Reworks).ShouldBe((3, 2, 1, 1, 1));
        tickets.ClosureRate.ShouldBe(1.0);
        tickets.OnTimeFilingRate!.Value.ShouldBe(2.0 / 3, Tolerance);
        (tickets.OnTimeDispatchRate, tickets.OnTimeDisposalRate, tickets.OnTimeClosureRate).ShouldBe((1.0, 0.5, 0.5));
        // T1 dispatched once; T2 dispatched twice, the first returned as wrong: 2 accurate of 3 dispatches.
        (tickets.Dispatches, tickets.ReturnedAsWronglyDispatched).ShouldBe((3, 1));
        tickets.AccurateDispatchRate!.Value.ShouldBe(2.0 / 3, Tolerance);
        // T1 unsatisfied; T2 unsatisfied at first, basically satisfied at last (its latest counts): 1 of 2.
        (tickets.Evaluated, tickets.Satisfied, tickets.BasicallySatisfied, tickets.SatisfactionRate).ShouldBe((2, 0, 1, 0.5));
        // A1 (10 min, rescue 5), A2 (40 min after firm 1 missed, rescue 10), A3 false alarm, A4 (20 min, rescue 10).
        var alarms = report.Total.Alarms!;
        (alarms.Alarms, alarms.Arrivals, alarms.Rescues, alarms.ArrivalLimitMisses, alarms.FalseAlarms).ShouldBe((4, 3, 3, 1, 1));
        alarms.AverageArrivalMinutes!.Value.ShouldBe(70.0 / 3, Tolerance);
        alarms.AverageRescueMinutes!.Value.ShouldBe(25.0 / 3, Tolerance);
        alarms.FalseAlarmShare.ShouldBe(0.25);

        report.Groups.Select(g => g.Key).ShouldBe([$"district/{D1}", $"district/{D2}"]);
        var first = report.Groups[0].Figures;
        (first.Tickets!.Reported, first.Tickets.OnTimeFilingRate, first.Tickets.Overdue).ShouldBe((2, 0.5, 1));
        (first.Alarms!.Alarms, first.Alarms.ArrivalLimitMisses, first.Alarms.FalseAlarms).ShouldBe((3, 1, 0));
        var second = report.Groups[1].Figures;
        (second.Tickets!.Reported, second.Tickets.Cancelled, second.Tickets.ClosureRate, second.Tickets.OnTimeFilingRate).ShouldBe((1, 1, null, 1.0));
        // A cancelled case was neither dispatched nor evaluated: nothing to rate.
        (second.Tickets.AccurateDispatchRate, second.Tickets.SatisfactionRate).ShouldBe((null, null));
        (second.Alarms!.Alarms, second.Alarms.AverageArrivalMinutes, second.Alarms.FalseAlarmShare).ShouldBe((1, null, 1.0));

        // October: T4 (dispatched once, satisfied) and A0 (25 min).
        (report.PreviousTotal.Tickets!.Reported, report.PreviousTotal.Alarms!.Alarms, report.PreviousTotal.Alarms.AverageArrivalMinutes).ShouldBe((1, 1, 25.0));
        (report.PreviousTotal.Tickets.AccurateDispatchRate, report.PreviousTotal.Tickets.SatisfactionRate).ShouldBe((1.0, 1.0));
    }

    [Fact]
    public async Task Kpis_ByFirm_CountAnsweredAlarmsAndTheMissForTheFirmThatMissed()
    {
        await using var world = await StartAsync();
        var city = AssessmentScope.CityOf(world.Get<CityDirectory>());

        var report = await world.Get<KpiService>().ComputeAsync(city, NovemberWindow, NovemberWindow.Previous(Zone), KpiGrouping.Firm, Cancel);

        var byFirm = report.Groups.ToDictionary(g => g.Key, g => g.Figures);
        byFirm[$"firm/{F1}"].Tickets.ShouldBeNull();
        var first = byFirm[$"firm/{F1}"].Alarms!;
        (first.Alarms, first.AverageArrivalMinutes, first.AverageRescueMinutes, first.ArrivalLimitMisses, first.FalseAlarms).ShouldBe((2, 15.0, 7.5, 1, 0));
        var second = byFirm[$"firm/{F2}"].Alarms!;
        (second.Alarms, second.AverageArrivalMinutes, second.AverageRescueMinutes, second.ArrivalLimitMisses, second.FalseAlarmShare).ShouldBe((2, 40.0, 10.0, 0, 0.5));
    }

    [Fact]
    public async Task Kpis_ByDepartment_CountTheWorkOrdersDispatchedToIt()
    {
        await using var world = await StartAsync();
        var city = AssessmentScope.CityOf(world.Get<CityDirectory>());

        var report = await world.Get<KpiService>().ComputeAsync(city, NovemberWindow, NovemberWindow.Previous(Zone), KpiGrouping.Department, Cancel);

        var cityManagement = report.Groups.Single(g => g.Key == "department/cg").Figures;
        (cityManagement.Tickets!.Reported, cityManagement.Tickets.Overdue, cityManagement.Tickets.Reworks).ShouldBe((1, 1, 1));
        // T2 came to it after its street returned the first dispatch; its resident was basically satisfied at last.
        (cityManagement.Tickets.AccurateDispatchRate, cityManagement.Tickets.SatisfactionRate).ShouldBe((0.5, 1.0));
        cityManagement.Alarms.ShouldBeNull();
        report.Groups.Where(g => g.Key != "department/cg").ShouldAllBe(g => g.Figures.Tickets!.Reported == 0);
    }

    [Fact]
    public async Task Kpis_StreetScopeByDistrict_IsRefused()
    {
        await using var world = await StartAsync();
        var street = new AssessmentScope(ScopeKind.Street, "street/S1", "解放西街街道");

        await Should.ThrowAsync<KpiGroupingException>(() =>
            world.Get<KpiService>().ComputeAsync(street, NovemberWindow, NovemberWindow.Previous(Zone), KpiGrouping.District, Cancel));
    }

    [Fact]
    public async Task FirmScores_November_EqualHandComputedScoresRanksAndTrend()
    {
        await using var world = await StartAsync();

        var board = await world.Get<FirmScores>().ComputeAsync(NovemberWindow, Cancel);

        board.Scores.Select(s => (s.FirmId, s.Rank)).ShouldBe([(F1, (int?)1), (F2, 2)]);
        var first = board.Scores[0];
        // Firm 1: E1 on time, E2 not (50); arrival 15 min (100); 1 miss of 3 dispatches (66.7); A2 repeats A1 (1 of 3 faults: 66.7);
        // no false alarm (100); 3 of 4 records complete (75). (50·30 + 100·20 + 66.7·20 + 66.7·10 + 100·10 + 75·10) / 100 = 72.5.
        first.Parts!.ShouldBe(new FirmScoreParts(2, 0.5, 3, 2, 15.0, 1, 3, 1, 0, 0.0, 4, 0.75));
        first.Score.ShouldBe(72.5);
        // October: no lift on time (0), one complete record (100), nothing else to measure: (0·30 + 100·10) / 40 = 25.
        (first.PreviousScore, first.PreviousRank, first.Trend).ShouldBe((25.0, (int?)2, 47.5));
        // Firm 2: E3 on time (100); arrival 40 min (0); no miss (100); no fault, so no repeat part; 1 false alarm of 2 (50); records
        // complete (100). (100·30 + 0·20 + 100·20 + 50·10 + 100·10) / 90 = 72.2. October: 56.7 (arrival 25 min scores 33.3).
        var second = board.Scores[1];
        second.Subscores!.RepeatFaults.ShouldBeNull();
        (second.Score, second.PreviousScore, second.Trend).ShouldBe((72.2, 56.7, 15.5));
    }

    [Fact]
    public async Task FirmScores_ArrivalWeightedZeroInConfiguration_ChangesScoresAndRanking()
    {
        await using var world = await StartAsync(new() { ["Assessment:Weights:Arrival"] = "0" });

        var board = await world.Get<FirmScores>().ComputeAsync(NovemberWindow, Cancel);

        // Firm 1: (50·30 + 66.7·20 + 66.7·10 + 100·10 + 75·10) / 80 = 65.6; firm 2: (100·30 + 100·20 + 50·10 + 100·10) / 70 = 92.9.
        board.Scores.Select(s => (s.FirmId, s.Score, s.Rank)).ShouldBe([(F2, (double?)92.9, (int?)1), (F1, 65.6, 2)]);
    }

    [Fact]
    public void Options_AllWeightsZeroAndArrivalTargetAboveLimit_ReportEveryProblemAtOnce()
    {
        var options = new AssessmentOptions
        {
            ArrivalTargetMinutes = 40,
            Weights = new FirmScoreWeights { OnTimeMaintenance = 0, Arrival = 0, ArrivalMisses = 0, RepeatFaults = -1, FalseAlarms = 0, RecordCompleteness = 0 },
        };

        var result = new AssessmentOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures!.Count().ShouldBe(3);
        result.FailureMessage.ShouldContain("ArrivalTargetMinutes");
        result.FailureMessage.ShouldContain("Weights:RepeatFaults");
        result.FailureMessage.ShouldContain("must not all be 0");
    }

    [Fact]
    public async Task Requests_BadMonthReversedRangeAndTooLongRange_SayWhatIsWrong()
    {
        await using var world = await StartAsync();
        var text = world.Get<IStringLocalizer<CommandCenter.Assessment.AssessmentText>>();
        var max = world.Get<IOptions<AssessmentOptions>>().Value.MaxRangeDays;
        var now = world.Time.GetUtcNow();

        var errors = new List<string>();
        AssessmentRequests.WindowOf(null, "2026-13", null, null, now, Zone, max, text, errors).ShouldBeNull();
        AssessmentRequests.WindowOf(null, null, "2026-11-10", "2026-11-01", now, Zone, max, text, errors).ShouldBeNull();
        AssessmentRequests.WindowOf(null, null, "2024-01-01", "2026-11-01", now, Zone, max, text, errors).ShouldBeNull();
        AssessmentRequests.WindowOf("year", null, null, null, now, Zone, max, text, errors).ShouldBeNull();

        errors.Count.ShouldBe(4);
        errors[0].ShouldContain("2026-13");
        errors[1].ShouldContain("2026-11-10");
        errors[2].ShouldContain(max.ToString(System.Globalization.CultureInfo.InvariantCulture));
        errors[3].ShouldContain("year");
        var week = AssessmentRequests.WindowOf("week", null, null, null, now, Zone, max, text, errors)!;
        (week.Label, week.From).ShouldBe(("2026-W49", new DateTimeOffset(2026, 11, 29, 16, 0, 0, TimeSpan.Zero)));
        var range = AssessmentRequests.WindowOf(null, null, "2026-11-01", "2026-11-07", now, Zone, max, text, errors)!;
        (range.From, range.To - range.From).ShouldBe((November, TimeSpan.FromDays(7)));
    }
}
