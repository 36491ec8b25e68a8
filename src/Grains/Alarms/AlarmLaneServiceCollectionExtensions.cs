using CommandCenter.Plumbing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Grains.Alarms;

public static class AlarmLaneServiceCollectionExtensions
{
    /// <summary>
    /// The alarm lane: one <see cref="PriorityLane"/> per process that ingest and the live push share, so an event
    /// is spooled, applied and pushed beside the thread pool's queue of statuses rather than behind it
    /// (docs/benchmarks.md, "Alarms first"). Idempotent: ingest and the grains each ask for it.
    /// </summary>
    public static IServiceCollection AddAlarmLane(this IServiceCollection services)
    {
        services.TryAddSingleton(provider =>
        {
            var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PriorityLane));
            return new PriorityLane(ex => logger.LogError(ex, "A step on the alarm lane failed"), name: "alarm lane");
        });
        return services;
    }
}
