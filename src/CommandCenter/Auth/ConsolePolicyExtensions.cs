using Microsoft.AspNetCore.Authorization;

namespace CommandCenter.Auth;

/// <summary>
/// Every policy the product's pages, endpoints and hub methods name. A role decides whether a user
/// may call at all; the scope (<see cref="UserScopes"/>) is checked by the endpoint against what is
/// asked for, answering 403 for an existing thing outside the scope and 404 for an unknown one.
/// </summary>
public static class ConsolePolicyExtensions
{
    public static IServiceCollection AddConsolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ConsolePolicies.Operator, policy => policy.RequireRole(Roles.Operator))
            .AddPolicy(ConsolePolicies.FirmConsole, policy => policy.RequireAssertion(context => context.User.IsCityOperator() || context.User.IsFirmUser()))
            .AddPolicy(ConsolePolicies.WallWatcher, policy => policy.RequireAssertion(context => context.User.MayWatchWall()))
            .AddPolicy(ConsolePolicies.WallScreen, policy => policy.RequireAssertion(context => context.User.MayOpenWall()))
            .AddPolicy(ConsolePolicies.FirmWatcher, policy => policy.AddRequirements(new FirmWatcherRequirement()))
            .AddPolicy(ConsolePolicies.AreaWatcher, policy => policy.AddRequirements(new AreaWatcherRequirement()))
            .AddPolicy(ConsolePolicies.Admin, policy => policy.RequireRole(Roles.Admin)
                .RequireClaim(ConsoleClaims.AuthenticationMethod, ConsoleClaims.MultiFactor))
            .AddPolicy(ConsolePolicies.SecurityAlertWatcher, policy => policy.RequireAssertion(context => context.User.KeepsTheSystem()))
            .AddPolicy(ConsolePolicies.Operations, policy => policy.RequireAssertion(context => context.User.KeepsTheSystem()))
            .AddPolicy(ConsolePolicies.Monitoring, policy => policy.RequireAssertion(context =>
                context.User.IsCityOperator() || context.User.HasClaim(ConsoleClaims.ApiScope, ApiScopes.Monitoring)))
            .AddPolicy(ConsolePolicies.MetricsReaders, policy => policy.RequireAssertion(context =>
                context.User.IsCityOperator() || context.User.HasClaim(ConsoleClaims.ApiScope, ApiScopes.Monitoring)
                || (context.User.RoleOf() == Roles.Admin && context.User.HasClaim(ConsoleClaims.AuthenticationMethod, ConsoleClaims.MultiFactor))))
            .AddPolicy(ConsolePolicies.AlarmReaders, policy => policy.RequireRole(Roles.Operator, Roles.Firm, Roles.Unit))
            .AddPolicy(ConsolePolicies.LedgerReaders, policy => policy.RequireRole(Roles.Operator, Roles.Firm, Roles.Unit, Roles.Wall))
            .AddPolicy(ConsolePolicies.AlarmActors, policy => policy.RequireRole(Roles.Operator, Roles.Firm))
            .AddPolicy(ConsolePolicies.AreaReaders, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community, Roles.GridWorker, Roles.Wall))
            .AddPolicy(ConsolePolicies.TicketReaders, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community, Roles.GridWorker, Roles.Department))
            .AddPolicy(ConsolePolicies.TicketReporters, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community, Roles.GridWorker))
            .AddPolicy(ConsolePolicies.TicketActors, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community, Roles.GridWorker, Roles.Department))
            .AddPolicy(ConsolePolicies.TicketEvaluators, policy => policy.RequireRole(Roles.Operator, Roles.GridWorker))
            .AddPolicy(ConsolePolicies.Whistlers, policy => policy.RequireRole(Roles.Operator, Roles.Street))
            .AddPolicy(ConsolePolicies.DisposalConsole, policy => policy.RequireRole(Roles.Department, Roles.Street, Roles.Community))
            .AddPolicy(ConsolePolicies.GridWorkers, policy => policy.RequireRole(Roles.GridWorker))
            .AddPolicy(ConsolePolicies.Open311Intake, policy => policy.RequireRole(Roles.Integration).RequireClaim(ConsoleClaims.ApiScope, ApiScopes.Open311))
            .AddPolicy(ConsolePolicies.ReferralIntake, policy => policy.RequireRole(Roles.Integration).RequireClaim(ConsoleClaims.ApiScope, ApiScopes.Referrals))
            .AddPolicy(ConsolePolicies.KpiReaders, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community, Roles.GridWorker, Roles.Department, Roles.Firm))
            .AddPolicy(ConsolePolicies.FirmScoreReaders, policy => policy.RequireRole(Roles.Operator, Roles.Firm))
            .AddPolicy(ConsolePolicies.ReportReaders, policy => policy.RequireRole(Roles.Operator, Roles.Street, Roles.Community));
        services.AddSingleton<IAuthorizationHandler, FirmWatcherHandler>();
        services.AddSingleton<IAuthorizationHandler, AreaWatcherHandler>();
        return services;
    }
}
