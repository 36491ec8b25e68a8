using CommandCenter.Live;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Auth;

/// <summary>The requirement behind <see cref="ConsolePolicies.AreaWatcher"/>.</summary>
public sealed class AreaWatcherRequirement : IAuthorizationRequirement;

/// <summary>
/// Authorizes a hub call that names a district or grid (its first argument, an area key): a role that
/// watches areas, for an area of the city inside the user's scope. Refusing here, rather than throwing in the hub method,
/// reaches the client as a HubException without the hub dispatcher logging an error for it.
/// </summary>
public sealed class AreaWatcherHandler(AreaScope areas, UserScopes scopes, ILogger<AreaWatcherHandler> logger)
    : AuthorizationHandler<AreaWatcherRequirement, HubInvocationContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, AreaWatcherRequirement requirement, HubInvocationContext resource)
    {
        var areaKey = resource.HubMethodArguments.Count > 0 ? resource.HubMethodArguments[0] as string : null;
        var problem = context.User.RoleOf() is not (Roles.Operator or Roles.Street or Roles.Community or Roles.GridWorker or Roles.Wall)
                ? $"role '{context.User.RoleOf()}' does not watch areas (an area carries every firm's alarms)"
            : areas.FindWatchable(areaKey) is null ? $"'{areaKey}' is not a district or grid of the city"
            : !scopes.Covers(context.User, areaKey!) ? $"'{areaKey}' is outside {context.User.ScopeOf()}"
            : null;
        if (problem is null)
        {
            context.Succeed(requirement);
        }
        else
        {
            logger.LogWarning("Hub call {Method} refused for {User}: {Problem}", resource.HubMethodName, context.User.Identity?.Name ?? "anonymous", problem);
        }

        return Task.CompletedTask;
    }
}
