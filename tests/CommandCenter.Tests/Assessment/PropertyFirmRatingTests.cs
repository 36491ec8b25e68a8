using CommandCenter.Assessment;
using CommandCenter.Assessment.PropertyFirms;
using CommandCenter.Assessment.PropertyFirms.Store;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Grains.Duties;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Assessment;

/// <summary>
/// A street's monthly assessment of its property firms over October and November 2026 in Yinchuan: known cases in the
/// firms' compounds and a street item, rated into scores, stars and credit levels worked out by hand in each test.
/// </summary>
public sealed class PropertyFirmRatingTests : IDisposable
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly AssessmentWindow November = AssessmentWindow.Month(2026, 11, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    private readonly string _folder = TestCity.CreateDataFolder();
    private readonly CityDirectory _city = new(TestCity.Demo);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, Beijing));
    private readonly List<TicketSummary> _cases = [];

    /// <summary>Days of November each elevator's daily check was filed; every other month and elevator has all its days.</summary>
    private readonly Dictionary<string, int> _novemberChecks = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static PropertyFirm Firm => TestCity.Demo.PropertyFirms[0];

    private static string Compound => Firm.Compounds[0].GridId;

    /// <summary>A grid another firm manages.</summary>
    private static string OtherCompound => TestCity.Demo.PropertyFirms[1].Compounds[0].GridId;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ForMonth_KnownCasesAndAnItem_ScoreStarsCreditAndChangeAsWorkedOutByHand()
    {
        using var services = Services();
        AddOctoberAndNovember();
        await AddItemAsync(services, November, -5, "垃圾清运不及时");

        var firm = await RatingAsync(services);

        // November: 100 − 4 cases + 2 closed on time − 2 × 3 late (one closed late, one still open past its deadline)
        // − 2 for the 12345 complaint − 5 for the street's item = 85: 4 stars (85–94), credit B (75–89).
        firm.Rating.Lines.Select(l => (l.Criterion, l.Count, l.Points)).ShouldBe(
        [
            (RatingCriteria.Base, 0, 100), (RatingCriteria.Cases, 4, -4), (RatingCriteria.ClosedOnTime, 2, 2), (RatingCriteria.Late, 2, -6),
            (RatingCriteria.Complaints, 1, -2), (RatingCriteria.StreetItem, 1, -5),
        ]);
        (firm.Rating.Score, firm.Rating.Stars, firm.Rating.Credit).ShouldBe((85, 4, CreditLevel.B));
        // October: 100 − 1 + 1 = 100, 5 stars and A; so November changed, for the lines that differ.
        var october = firm.History[0];
        (october.Month, october.Score, october.Stars, october.Credit).ShouldBe(("2026-10", 100, 5, CreditLevel.A));
        var change = firm.Changes.ShouldHaveSingleItem();
        (change.Month, change.FromStars, change.ToStars, change.FromCredit, change.ToCredit).ShouldBe(("2026-11", 5, 4, CreditLevel.A, CreditLevel.B));
        change.Reasons.Select(r => r.Criterion).ShouldBe(
            [RatingCriteria.Cases, RatingCriteria.ClosedOnTime, RatingCriteria.Late, RatingCriteria.Complaints, RatingCriteria.StreetItem]);
        change.Reasons.Single(r => r.Criterion == RatingCriteria.StreetItem).ShouldSatisfyAllConditions(
            r => r.Note.ShouldBe("垃圾清运不及时"), r => r.By.ShouldBe("street-staff"));
        firm.Rating.Lines.Single(l => l.Criterion == RatingCriteria.Late).Cases.ShouldBe(["WO-LATE", "WO-OPEN"]);
    }

    [Fact]
    public async Task ForMonth_CriterionChangedInConfiguration_ChangesTheRating()
    {
        using var services = Services(options => options.PointsPerCaseLate = 0);
        AddOctoberAndNovember();
        await AddItemAsync(services, November, -5, "垃圾清运不及时");

        var firm = await RatingAsync(services);

        // Lateness costs nothing now: 100 − 4 + 2 − 2 − 5 = 91, still 4 stars but credit A (90 and up).
        (firm.Rating.Score, firm.Rating.Stars, firm.Rating.Credit).ShouldBe((91, 4, CreditLevel.A));
        firm.Rating.Lines.ShouldNotContain(l => l.Criterion == RatingCriteria.Late);
    }

    [Fact]
    public async Task ForMonth_NoChangeOfStarsOrCredit_RecordsNoChange()
    {
        using var services = Services();
        _cases.Add(Closed("WO-OCT", new(2026, 10, 12, 10, 0, 0, Beijing), onTime: true));

        var firm = await RatingAsync(services);

        (firm.Rating.Score, firm.Rating.Stars, firm.Rating.Credit).ShouldBe((100, 5, CreditLevel.A));
        firm.Changes.ShouldBeEmpty();
        firm.History.Count.ShouldBe(6);
    }

    [Fact]
    public async Task ForMonth_AnArea_ListsTheFirmsWithACompoundInIt()
    {
        using var services = Services();
        var ratings = services.GetRequiredService<PropertyFirmRatings>();

        var street = await ratings.ForMonthAsync(November, AreaKeys.Street(Firm.StreetId), Ct);
        var grid = await ratings.ForMonthAsync(November, AreaKeys.Grid(Compound), Ct);
        var elsewhere = _city.FindGrid(TestCity.Demo.PropertyFirms[^1].Compounds[0].GridId)!.District.Id;
        var otherDistrict = await ratings.ForMonthAsync(November, AreaKeys.District(elsewhere), Ct);

        street.Firms.Select(f => f.Id).Order().ShouldBe(TestCity.Demo.PropertyFirms.Where(f => f.StreetId == Firm.StreetId).Select(f => f.Id).Order());
        grid.Firms.Select(f => f.Id).ShouldBe([Firm.Id]);
        otherDistrict.Firms.ShouldNotContain(f => f.Id == Firm.Id);
        otherDistrict.Firms.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task ForMonth_UnitsFiledHalfTheirDailyChecks_CostHalfOfTheConfiguredPoints()
    {
        var firm = TestCity.Demo.PropertyFirms.First(f => f.UnitIds.Count > 0);
        var elevators = TestCity.Demo.Elevators.Where(e => firm.UnitIds.Contains(e.UserUnitId)).Select(e => e.Id).ToList();
        foreach (var elevator in elevators)
        {
            _novemberChecks[elevator] = 15;
        }

        using var services = Services(options => options.PointsForNoDailyChecks = -12);

        var rated = (await services.GetRequiredService<PropertyFirmRatings>().ForMonthAsync(November, AreaKeys.City, Ct)).Firms.Single(f => f.Id == firm.Id);

        // 30 days owed by each elevator, 15 filed: half the elevator-days missed, half of −12.
        var line = rated.Rating.Lines.Single(l => l.Criterion == RatingCriteria.DailyChecks);
        (line.Count, line.Points, line.Note).ShouldBe((elevators.Count * 15, -6, $"{elevators.Count * 15}/{elevators.Count * 30}"));
        (rated.Rating.Score, rated.Rating.Stars).ShouldBe((94, 4));
        rated.Changes.ShouldHaveSingleItem().Reasons.Single().Criterion.ShouldBe(RatingCriteria.DailyChecks);
    }

    [Theory]
    [InlineData(95, 5, CreditLevel.A)]
    [InlineData(94, 4, CreditLevel.A)]
    [InlineData(89, 4, CreditLevel.B)]
    [InlineData(74, 2, CreditLevel.C)]
    [InlineData(59, 1, CreditLevel.D)]
    public void StarsAndCredit_OfAScore_FollowTheThresholds(int score, int stars, CreditLevel credit)
    {
        var options = new PropertyFirmOptions();
        PropertyFirmOptions.ApplyDefaults(options);

        (PropertyFirmScoring.StarsOf(score, options), PropertyFirmScoring.CreditOf(score, options)).ShouldBe((stars, credit));
    }

    [Fact]
    public void Validator_ThresholdsOutOfOrderAndPointsOutOfRange_NamesEveryProblem()
    {
        var options = new PropertyFirmOptions { StarThresholds = [60, 75, 85, 95], CreditThresholds = [90, 75], PointsPerComplaint = -500 };

        var result = new PropertyFirmOptionsValidator().Validate(null, options);

        result.Failures!.Count().ShouldBe(3);
        result.FailureMessage!.ShouldContain("PropertyFirms:StarThresholds must be 4 scores, highest first");
        result.FailureMessage!.ShouldContain("PropertyFirms:CreditThresholds must be 3 scores");
        result.FailureMessage!.ShouldContain("PropertyFirms:PointsPerComplaint is -500");
    }

    /// <summary>
    /// October: one case closed on time. November: one closed on time, one closed late, a 12345 complaint closed on time, one
    /// still open past its closure deadline; and cases that must not count: another firm's compound, and December.
    /// </summary>
    private void AddOctoberAndNovember()
    {
        _cases.Add(Closed("WO-OCT", new(2026, 10, 12, 10, 0, 0, Beijing), onTime: true));
        _cases.Add(Closed("WO-ONTIME", new(2026, 11, 3, 10, 0, 0, Beijing), onTime: true));
        _cases.Add(Closed("WO-LATE", new(2026, 11, 10, 10, 0, 0, Beijing), onTime: false));
        _cases.Add(Closed("WO-12345", new(2026, 11, 1, 0, 30, 0, Beijing), onTime: true) with { Source = TicketSource.Hotline12345 });
        _cases.Add(Open("WO-OPEN", new(2026, 11, 20, 10, 0, 0, Beijing), closureDue: new(2026, 11, 25, 18, 0, 0, Beijing)));
        _cases.Add(Closed("WO-OTHER", new(2026, 11, 4, 10, 0, 0, Beijing), onTime: false) with { Location = new TicketLocation(GridId: OtherCompound) });
        _cases.Add(Closed("WO-DEC", new(2026, 12, 1, 0, 0, 0, Beijing), onTime: false));
    }

    private static TicketSummary Closed(string id, DateTimeOffset reportedAt, bool onTime) => Open(id, reportedAt, reportedAt.AddDays(2)) with
    {
        Status = TicketStatus.Closed,
        ClosedAt = reportedAt.AddDays(onTime ? 1 : 3),
    };

    private static TicketSummary Open(string id, DateTimeOffset reportedAt, DateTimeOffset closureDue) => new()
    {
        Id = id,
        Source = TicketSource.GridWorker,
        Category = "exposed-garbage",
        Location = new TicketLocation(GridId: Compound),
        Status = TicketStatus.InProgress,
        ReportedAt = reportedAt,
        ClosureDueAt = closureDue,
    };

    private async Task<PropertyFirmRating> RatingAsync(ServiceProvider services) =>
        (await services.GetRequiredService<PropertyFirmRatings>().ForMonthAsync(November, AreaKeys.City, Ct)).Firms.Single(f => f.Id == Firm.Id);

    private static Task AddItemAsync(ServiceProvider services, AssessmentWindow month, int points, string note) =>
        services.GetRequiredService<PropertyFirmRatings>().AddItemAsync(Firm, month, points, note, "street-staff", Ct);

    private ServiceProvider Services(Action<PropertyFirmOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddDbContext<PropertyFirmStore, SqlitePropertyFirmStore>(options => options.UseSqlite($"Data Source={Path.Combine(_folder, "firms.db")}"));
        services.AddOptions<PropertyFirmOptions>().Configure(options => configure?.Invoke(options)).PostConfigure(PropertyFirmOptions.ApplyDefaults);
        services.Configure<DutyOptions>(_ => { });
        services.AddSingleton(_city);
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<IAreaCases>(new Cases(_cases));
        services.AddSingleton<IDailyCheckTally>(new Checks(_novemberChecks));
        services.AddSingleton<PropertyFirmRatings>();
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<PropertyFirmStore>().Database.Migrate();
        return provider;
    }

    /// <summary>A full month of daily checks for every elevator, but in November as <see cref="_novemberChecks"/> says.</summary>
    private sealed class Checks(Dictionary<string, int> november) : IDailyCheckTally
    {
        public Task<IReadOnlyDictionary<(string ElevatorId, string Month), int>> DaysFiledAsync(
            IReadOnlyCollection<string> elevatorIds, string firstMonth, string lastMonth, CancellationToken cancellationToken)
        {
            var months = Enumerable.Range(0, 12).Select(m => $"2026-{m + 1:D2}").Where(m => string.CompareOrdinal(m, firstMonth) >= 0 && string.CompareOrdinal(m, lastMonth) <= 0);
            return Task.FromResult<IReadOnlyDictionary<(string, string), int>>(elevatorIds
                .SelectMany(e => months.Select(m => (e, m)))
                .ToDictionary(key => key, key => key.m == November.Label && november.TryGetValue(key.e, out var days) ? days : 31));
        }
    }

    /// <summary>Every case of the window, whatever the area: the ratings pick the firm's compounds themselves.</summary>
    private sealed class Cases(List<TicketSummary> cases) : IAreaCases
    {
        public Task<IReadOnlyList<TicketSummary>> ReportedAsync(string areaKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<TicketSummary>>([.. cases.Where(c => c.ReportedAt >= from && c.ReportedAt < to)]);
    }
}
