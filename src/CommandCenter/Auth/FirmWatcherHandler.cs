using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CommandCenter.Auth;

/// <summary>The requirement behind <see cref="ConsolePolicies.FirmWatcher"/>.</summary>
public sealed class FirmWatcherRequirement : IAuthorizationRequirement;

/// <summary>
/// Authorizes a hub call that names a firm (its first argument; null is the caller's own firm)
/// through <see cref="FirmScope"/>. A refusal this way reaches the client as a HubException without
/// the hub dispatcher logging an error for what is an expected outcome.
/// </summary>
public sealed class FirmWatcherHandler(FirmScope firms, ILogger<FirmWatcherHandler> logger)
    : AuthorizationHandler<FirmWatcherRequirement, HubInvocationContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, FirmWatcherRequirement requirement, HubInvocationContext resource)
    {
        var requested = resource.HubMethodArguments.Count > 0 ? resource.HubMethodArguments[0] as string : null;
        var access = firms.Authorize(context.User, requested);
        if (access.Firm is not null)
        {
            context.Succeed(requirement);
        }
        else
        {
            logger.LogWarning("Hub call {Method} refused for {User}: {Problem}", resource.HubMethodName, context.User.Identity?.Name ?? "anonymous", access.Problem);
        }

        return Task.CompletedTask;
    }
}
