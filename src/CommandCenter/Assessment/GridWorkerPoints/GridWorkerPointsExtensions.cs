using CommandCenter.Assessment.GridWorkerPoints.Store;
using CommandCenter.Auth;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Relational;
using Microsoft.Extensions.Options;

namespace CommandCenter.Assessment.GridWorkerPoints;

public static class GridWorkerPointsExtensions
{
    /// <summary>Who reads grid workers' scores: operators, street and community staff, grid workers (each in their area).</summary>
    public const string ScoreReaders = "GridWorkerScoreReaders";

    /// <summary>
    /// The grid workers' points system (积分制): the rules, their configured points (checked at start), the awarder the ticket
    /// grains tell of every finished case, the award store and the monthly scores.
    /// </summary>
    public static WebApplicationBuilder AddGridWorkerPoints(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IPointRule, ReportAcceptedRule>();
        services.AddSingleton<IPointRule, ReportRejectedRule>();
        services.AddSingleton<IPointRule, ReportClosedRule>();
        services.AddSingleton<IPointRule, VerifiedOnTimeRule>();
        services.AddSingleton<IPointRule, ClosedSatisfiedRule>();
        services.AddOptions<GridWorkerPointsOptions>().BindConfiguration(GridWorkerPointsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GridWorkerPointsOptions>, GridWorkerPointsOptionsValidator>();
        services.AddPointsStore(builder.Configuration);
        services.AddSingleton<IGridWorkerRoster, IdentityGridWorkerRoster>();
        services.AddSingleton<GridWorkerScores>();
        services.AddReportTopic<GridWorkerTopic>();
        services.AddSingleton<ITicketOutcomeListener, PointAwarder>();
        services.AddAuthorizationBuilder()
            .AddPolicy(ScoreReaders, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community, Roles.GridWorker));
        return builder;
    }

    /// <summary>The store alone, for the <c>migrate</c> command.</summary>
    public static IServiceCollection AddPointsStore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddRelationalStore<PointsStore, SqlitePointsStore, PostgresPointsStore>(configuration, PointsStore.Name);

    public static WebApplication MapGridWorkerPoints(this WebApplication app) => app.MapGridWorkerPointsEndpoints();
}
