using CommandCenter.Alarms;
using CommandCenter.Api;
using CommandCenter.Assessment;
using CommandCenter.Assessment.GridWorkerPoints;
using CommandCenter.Assessment.PropertyFirms;
using CommandCenter.Audit;
using CommandCenter.Cases;
using CommandCenter.Auth;
using CommandCenter.City;
using CommandCenter.Devices;
using CommandCenter.Disposal;
using CommandCenter.Elevators;
using CommandCenter.Components;
using CommandCenter.Health;
using CommandCenter.Hosting;
using CommandCenter.Https;
using CommandCenter.Ingest;
using CommandCenter.Live;
using CommandCenter.Localization;
using CommandCenter.Notifications;
using CommandCenter.Photos;
using CommandCenter.Retention;
using CommandCenter.Observability;
using CommandCenter.Ops;
using CommandCenter.Referrals;
using CommandCenter.TelemetryIngest;
using CommandCenter.Tickets;

namespace CommandCenter.Extensions;

/// <summary>Composition root: one call per feature, each defined next to that feature.</summary>
public static class CommandCenterExtensions
{
    public static WebApplicationBuilder AddCommandCenter(this WebApplicationBuilder builder)
    {
        // Static web assets (Blazor's script, apexcharts) are served from the build output too, not only after publish.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddHttps();
        builder.AddCommandCenterSilo();
        builder.AddGrainServices();
        builder.AddTelemetryIngest();
        builder.AddDeviceAdministration();
        builder.AddAlarms();
        builder.AddElevators();
        builder.AddTickets();
        builder.AddPhotos();
        builder.AddCases();
        builder.AddCity();
        builder.AddLiveFeed();
        builder.AddCommandCenterHealth();
        builder.AddApiJson();
        builder.AddApiErrors();
        builder.AddConsoleAuth();
        builder.AddProductLocalization();
        builder.AddAudit();
        builder.AddNotifications();
        builder.AddReferrals();
        builder.AddGridWorkerPoints();
        builder.AddPropertyFirms();
        builder.AddRetention();
        builder.AddObservability();
        builder.AddOps();
        builder.AddAssessment();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    public static WebApplication MapCommandCenter(this WebApplication app)
    {
        app.UseMetricsPort();
        app.UseHttps();
        // Before the error pages, so a refusal the framework writes on the way out is in the request's language too.
        app.UseProductLocalization();
        app.UseApiErrors();
        app.UseConsoleAuth();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapCommandCenterHealth();
        app.MapElevatorEndpoints();
        app.MapRetention();
        app.MapDutyEndpoints();
        app.MapTickets();
        app.MapPhotos();
        app.MapCases();
        app.MapDisposal();
        app.MapCity();
        app.MapConsoleAuth();
        app.MapAudit();
        app.MapAlarmEndpoints();
        app.MapNotificationEndpoints();
        app.MapReferrals();
        app.MapGridWorkerPoints();
        app.MapPropertyFirms();
        app.MapIngestEndpoints();
        app.MapOps();
        app.MapAssessment();
        app.MapDeviceAdministration();
        app.MapLiveHub();
        app.MapObservability();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
