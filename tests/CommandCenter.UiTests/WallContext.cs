using System.Globalization;
using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.AspNetCore.Http;
using CommandCenter.Grains.Tickets;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CommandCenter.UiTests;

/// <summary>
/// A bUnit context rendering wall components interactively on fake time, over the demo city, in Chinese
/// unless a test asks for English; a text key missing from <c>WallStrings.resx</c> fails the render.
/// </summary>
public abstract class WallContext : BunitContext
{
    /// <param name="scope">The area the screen shows; the whole city when null.</param>
    protected WallContext(WallScope? scope = null)
    {
        Time = new FakeTimeProvider(WallData.Start);
        State = new WallState(Time, scope);
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<CityDirectory>(WallData.City);
        Services.AddSingleton(WallData.Map);
        var tickets = new TicketOptions();
        TicketDefaults.Apply(tickets);
        Services.AddSingleton(new TicketCatalog(Options.Create(tickets)));
        // A signed-in wall account; what it acknowledges is recorded by Acknowledgements instead of an alarm grain.
        AddAuthorization().SetAuthorized("wall");
        Services.AddLogging();
        Services.AddLocalization();
        Services.AddSingleton<IStringLocalizer<WallStrings>>(services => new StrictWallText(new StringLocalizer<WallStrings>(services.GetRequiredService<IStringLocalizerFactory>())));
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<IHttpContextAccessor, HttpContextAccessor>();
        Services.AddScoped<ConsoleAudit>();
        Services.AddSingleton<IWallAcknowledgements>(Acknowledgements);
        Services.AddSingleton<IMapActivity>(Activity);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected FakeTimeProvider Time { get; }

    protected WallState State { get; }

    /// <summary>The acknowledgements given on the rendered wall, kept as the alarm grain keeps them.</summary>
    protected RecordedAcknowledgements Acknowledgements { get; } = new();

    /// <summary>The cases and closed alarms the map's heat layer and markers are told of.</summary>
    protected MapActivityStandIn Activity { get; } = new();

    /// <summary>Renders <typeparamref name="T"/> in <paramref name="language"/> (Chinese, the product's default, unless given), as a circuit started in it would.</summary>
    protected IRenderedComponent<T> RenderOnWall<T>(Action<ComponentParameterCollectionBuilder<T>>? parameters = null, CultureInfo? language = null)
        where T : IComponent
    {
        CultureInfo.CurrentUICulture = language ?? LocalizationExtensions.Chinese;
        return Render<T>(builder =>
        {
            builder.AddCascadingValue(State);
            parameters?.Invoke(builder);
        });
    }

    /// <summary>Moves the clock on and ticks the wall, as its one-second timer would.</summary>
    protected void Advance(TimeSpan by)
    {
        Time.Advance(by);
        State.Tick();
        Time.Advance(WallState.RenderInterval);
    }

    /// <summary>Acknowledges on the alarms it is given, as the alarm grain does, and keeps what it was asked.</summary>
    protected sealed class RecordedAcknowledgements : IWallAcknowledgements
    {
        private readonly Dictionary<string, AlarmSnapshot> _alarms = new(StringComparer.Ordinal);

        public List<(string AlarmId, string AreaKey, string? User)> Given { get; } = [];

        public void Know(AlarmSnapshot alarm) => _alarms[alarm.Id] = alarm;

        public Task<AlarmSnapshot> AcknowledgeAsync(string alarmId, string areaKey, ClaimsPrincipal user)
        {
            Given.Add((alarmId, areaKey, user.Identity?.Name));
            var alarm = _alarms[alarmId];
            return Task.FromResult(_alarms[alarmId] = alarm with
            {
                WallAcknowledgements = [.. alarm.Acknowledgements, new AlarmWallAcknowledgement(areaKey, user.Identity?.Name ?? "", null, WallData.Start)],
            });
        }
    }
}
