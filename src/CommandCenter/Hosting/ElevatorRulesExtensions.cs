using CommandCenter.Grains;
using CommandCenter.Grains.Alarms;
using CommandCenter.Grains.Scheduling;
using CommandCenter.Grains.Duties;
using CommandCenter.Grains.Elevators;

namespace CommandCenter.Hosting;

public static class ElevatorRulesExtensions
{
    /// <summary>Alarm, duty and live-state rules of elevators, and the deadline sweeper they rely on.</summary>
    public static WebApplicationBuilder AddElevatorRules(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AlarmOptions>().BindConfiguration(AlarmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DutyOptions>().BindConfiguration(DutyOptions.Section).ValidateDataAnnotations()
            .Validate(o => TimeZoneKnown(o.TimeZone), "Duties:TimeZone is not a known time zone id (e.g. Asia/Shanghai)").ValidateOnStart();
        services.AddOptions<ElevatorOptions>().BindConfiguration(ElevatorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddCityClock();
        services.AddSingleton<DeadlineSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<DeadlineSweeper>());
        return builder;
    }

    private static bool TimeZoneKnown(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}
