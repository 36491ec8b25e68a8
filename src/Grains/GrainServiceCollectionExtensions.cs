using CommandCenter.Grains.Alarms;
using CommandCenter.Grains.Areas;
using CommandCenter.Grains.Duties;
using CommandCenter.Grains.Elevators;
using CommandCenter.Grains.Live;
using CommandCenter.Grains.Notifications;
using CommandCenter.Grains.Parking;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Grains.Tickets;
using CommandCenter.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains;

public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Everything the grains need besides a city and a storage provider: their options, bound to
    /// configuration and validated at start-up, the work-order rules, the <see cref="CityClock"/> and the
    /// <see cref="DeadlineSweeper"/>. The host and every test silo call this; a test then only overrides
    /// settings (<c>Configure&lt;T&gt;</c>) or registers its own clock first. Running the sweeper and the
    /// <see cref="RollupRefresher"/> on a timer is the host's decision: tests run them themselves.
    /// </summary>
    public static IServiceCollection AddCommandCenterGrains(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<AlarmMetrics>();
        services.AddOptions<AlarmNotificationOptions>().BindConfiguration(AlarmNotificationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlarmOptions>().BindConfiguration(AlarmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DutyOptions>().BindConfiguration(DutyOptions.Section).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Duties:TimeZone is not a known time zone id (e.g. Asia/Shanghai)")
            .Validate(
                o => o.MaintenanceInterval <= o.QuarterlyInterval && o.QuarterlyInterval <= o.HalfYearInterval && o.HalfYearInterval <= o.YearlyInterval,
                "Duties: MaintenanceInterval <= QuarterlyInterval <= HalfYearInterval <= YearlyInterval (a longer cycle includes the shorter ones)")
            .Validate(o => o.MaintenanceItemsFile is null || File.Exists(o.MaintenanceItemsFile), "Duties:MaintenanceItemsFile names a file that does not exist")
            .ValidateOnStart();
        // Read when first needed; a malformed file fails with its path and every problem (MaintenanceItems.Load).
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<DutyOptions>>().Value.MaintenanceItemsFile is { } file
            ? MaintenanceItems.Load(file)
            : MaintenanceItems.Traction);
        services.AddOptions<ElevatorOptions>().BindConfiguration(ElevatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AreaOptions>().BindConfiguration(AreaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ParkingOptions>().BindConfiguration(ParkingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ParkingOptions>, ParkingOptionsValidator>());
        services.AddOptions<LiveFeedOptions>().BindConfiguration(LiveFeedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Pushing live changes is part of every silo, tests' included: elevators hand their changes to it in process,
        // and alarms leave on the alarm lane.
        services.AddAlarmLane();
        services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<LiveChangeBuffer>(provider, provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddHostedService(provider => provider.GetRequiredService<LiveChangeBuffer>());
        services.AddOptions<TicketOptions>().BindConfiguration(TicketOptions.Section).ValidateOnStart();
        services.AddTicketRules();
        services.AddCityClock();
        services.TryAddSingleton<DeadlineSweeper>();
        services.TryAddSingleton<RollupRefresher>();
        return services;
    }
}
