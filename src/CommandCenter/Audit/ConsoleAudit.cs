using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace CommandCenter.Audit;

/// <summary>
/// The audit log as a console (a Blazor circuit) records to it: its entries carry the address the
/// browser is connected from. A circuit has no request of its own; its connection does: when the
/// connection comes up (and again after a reconnect) this handler runs inside the SignalR
/// connection's request and keeps its address. One per circuit.
/// </summary>
public sealed class ConsoleAudit(AuditLog log, IHttpContextAccessor http) : CircuitHandler
{
    private IPAddress? _address;

    public AuditLog Log => log;

    public AuditActor ActorOf(ClaimsPrincipal user) => AuditActor.Of(user, _address);

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        _address = http.HttpContext?.Connection.RemoteIpAddress ?? _address;
        return Task.CompletedTask;
    }
}
