using CommandCenter.Simulators.Live;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Simulators;

/// <summary>The demo's simulated people and firms sign in dozens at once from one address: over the limit they wait and get in.</summary>
public sealed class ConsoleLoginTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_OverTheAddressLimit_WaitsAsRetryAfterSaysAndGetsIn()
    {
        await using var city = await DemoCityHost.StartAsync("--SignIn:PerAddressPerMinute=1");
        var people = ConsoleLogin.DemoUsers(Path.Combine(city.DataFolder, ConsoleLogin.DemoUsersFileName));
        var (first, second) = (people.First(p => p.Name == "operator"), people.First(p => p.Role == "gridworker"));
        var waits = new List<TimeSpan>();
        var baseUrl = new Uri(city.Host.BaseUrl);

        using var firstSession = await ApiSession.SignInAsync(baseUrl, first.Name, first.Password, Cancel, waits.Add);
        using var secondSession = await ApiSession.SignInAsync(baseUrl, second.Name, second.Password, Cancel, waits.Add);

        // The fixed window reopens on its own timer, so the first wait of Retry-After may end a moment early: a second follows.
        waits.ShouldNotBeEmpty();
        waits.ShouldAllBe(wait => wait > TimeSpan.Zero && wait <= TimeSpan.FromMinutes(1));
        (await secondSession.Http.GetAsync("/api/city", Cancel)).IsSuccessStatusCode.ShouldBeTrue();
    }
}
