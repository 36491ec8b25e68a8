using System.Net;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Consoles;

/// <summary>
/// A wall account of one district, made by the <c>users</c> host command, signs in and opens the wall:
/// it gets its district's screen, not the city's.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class AreaWallPageTests(ConsoleHostFixture fixture)
{
    private static readonly CityDirectory City = new(TestCity.Demo);
    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Wall_DistrictWallAccount_ShowsItsDistrictsStreetsAndNotTheOtherDistricts()
    {
        var district = TestCity.Demo.Districts[^1];
        var name = $"wall-{district.Id}-{Guid.NewGuid():N}"[..24];
        var password = CommandCenterProcess.PasswordIn(await _host.UsersCommandAsync("add", name, "--role", "wall", "--scope", $"district/{district.Id}"));
        using var wall = ConsoleSignIn.ClientFor(_host.BaseUrl, await ConsoleSignIn.SignInAsync(_host.BaseUrl, name, password));

        using var response = await wall.GetAsync("/", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        // Razor writes Chinese as character references.
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Cancel));
        page.ShouldContain($"· {district.Name}</span>");
        foreach (var street in district.Streets)
        {
            page.ShouldContain($"data-area=\"{AreaKeys.Street(street.Id)}\"");
        }

        foreach (var other in TestCity.Demo.Districts.Where(d => d.Id != district.Id))
        {
            page.ShouldNotContain($"data-area=\"{AreaKeys.District(other.Id)}\"");
            page.ShouldNotContain($"data-district=\"{other.Id}\"");
        }
    }
}
