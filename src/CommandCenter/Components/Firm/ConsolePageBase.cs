using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Components.Firm;

/// <summary>A live console page (the desk, the firm console, the operations page): it knows its signed-in user and shows times in the city's zone.</summary>
public abstract class ConsolePageBase : LiveComponentBase
{
    [Inject]
    protected IOptions<CityOptions> City { get; set; } = default!;

    [CascadingParameter]
    protected Task<AuthenticationState> Authentication { get; set; } = default!;

    /// <summary>The city's time zone, in which every time on the page is shown.</summary>
    protected TimeZoneInfo Zone => City.Value.FindTimeZone();
}
