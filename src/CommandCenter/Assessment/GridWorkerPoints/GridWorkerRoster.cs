using CommandCenter.Auth;
using CommandCenter.Auth.Store;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Assessment.GridWorkerPoints;

/// <summary>Which of some user names are grid workers, and each one's own grid (their scope <c>grid/{id}</c>).</summary>
public interface IGridWorkerRoster
{
    Task<IReadOnlyDictionary<string, string>> HomeGridsAsync(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken);
}

/// <summary>The roster as the identity store holds it: users of role <c>gridworker</c>.</summary>
public sealed class IdentityGridWorkerRoster(IServiceScopeFactory scopes) : IGridWorkerRoster
{
    public async Task<IReadOnlyDictionary<string, string>> HomeGridsAsync(IReadOnlyCollection<string> userNames, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IdentityStore>().Users;
        var found = await users.Where(u => u.Role == Roles.GridWorker && userNames.Contains(u.UserName!))
            .Select(u => new { u.UserName, u.Scope })
            .ToListAsync(cancellationToken);
        var grids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in found)
        {
            if (UserScope.TryParse(user.Scope, out var parsed) && parsed.Kind == ScopeKind.Grid)
            {
                grids[user.UserName!] = parsed.Id;
            }
        }

        return grids;
    }
}
