using System.Collections.Concurrent;
using System.Net.Http.Json;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace CommandCenter.Simulators.Responders;

/// <summary>
/// One maintenance firm's duty desk, simulated: signed in as the firm's demo console user, it watches
/// the firm's alarms on the live hub (<see cref="LiveHubNames.JoinFirm"/>) and, for each alarm dispatched
/// to the firm, responds, arrives and completes through the alarm API as a person would, on a
/// <see cref="ResponsePlan"/>. An alarm re-dispatched to another firm meanwhile is left to that firm.
/// </summary>
public sealed class FirmResponder : IAsyncDisposable
{
    private readonly string _firmId;
    private readonly ApiSession _session;
    private readonly HttpClient _http;
    private readonly HubConnection _hub;
    private readonly Func<LiveAlarm, ResponsePlan> _plan;
    private readonly TimeProvider _time;
    private readonly TextWriter _output;
    private readonly ConcurrentDictionary<string, Task> _handling = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    private FirmResponder(string firmId, Uri baseUrl, ApiSession session, Func<LiveAlarm, ResponsePlan> plan, TimeProvider time, TextWriter output)
    {
        _firmId = firmId;
        _session = session;
        _plan = plan;
        _time = time;
        _output = output;
        _http = session.Http;
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(baseUrl, LiveHubNames.Path), options => options.Cookies = session.Cookies)
            .WithAutomaticReconnect()
            .Build();
        _hub.On<LiveAlarm>(LiveHubNames.AlarmChanged, Consider);
        // A reconnect is a new connection: join again, and pick up what was dispatched meanwhile.
        _hub.Reconnected += _ => JoinAsync(_stopping.Token);
    }

    /// <summary>Alarms this desk has acted on or is acting on.</summary>
    public int AlarmsTaken => _handling.Count;

    /// <summary>Signs in as <paramref name="user"/>, joins the firm's live group and takes the open alarms it is answerable for.</summary>
    public static async Task<FirmResponder> StartAsync(
        string firmId, Uri baseUrl, (string Name, string Password) user, Func<LiveAlarm, ResponsePlan> plan, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        var session = await ApiSession.SignInAsync(
            baseUrl, user.Name, user.Password, cancellationToken,
            wait => output.WriteLine($"firm {firmId}: the command center limits sign-ins from one address; {user.Name} signs in after {wait.TotalSeconds:0} s"),
            time);
        var responder = new FirmResponder(firmId, baseUrl, session, plan, time, output);
        try
        {
            await responder._hub.StartAsync(cancellationToken);
            await responder.JoinAsync(cancellationToken);
            return responder;
        }
        catch
        {
            await responder.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _hub.DisposeAsync();
        await Task.WhenAll(_handling.Values);
        _session.Dispose();
        _stopping.Dispose();
    }

    private async Task JoinAsync(CancellationToken cancellationToken)
    {
        var firm = await _hub.InvokeCoreAsync<LiveFirm>(LiveHubNames.JoinFirm, [null], cancellationToken);
        foreach (var alarm in firm.Alarms)
        {
            Consider(alarm);
        }
    }

    private void Consider(LiveAlarm alarm)
    {
        if (alarm.IsOpen && alarm.FirmId == _firmId && !_stopping.IsCancellationRequested)
        {
            _handling.GetOrAdd(alarm.Id, _ => HandleAsync(alarm, _stopping.Token));
        }
    }

    private async Task HandleAsync(LiveAlarm alarm, CancellationToken cancellationToken)
    {
        var plan = _plan(alarm);
        var seenAt = _time.GetUtcNow();
        try
        {
            var steps = new (AlarmStatus Before, TimeSpan After, string Action)[]
            {
                (AlarmStatus.Occurred, plan.RespondAfter, "respond"),
                (AlarmStatus.Responded, plan.ArriveAfter, "arrive"),
                (AlarmStatus.Arrived, plan.CompleteAfter, "complete"),
            };
            foreach (var (before, after, action) in steps.Where(step => alarm.Status <= step.Before))
            {
                var wait = seenAt + after - _time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }

                if (!await ActAsync(alarm, action, plan, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the alarm stays as far as it got.
        }
        catch (HttpRequestException ex)
        {
            _output.WriteLine($"responder {_firmId}: {alarm.Id}: the command center did not answer ({ex.Message}); leaving it");
        }
    }

    /// <summary>Takes one step; false when the alarm is no longer this firm's to act on (re-dispatched, closed).</summary>
    private async Task<bool> ActAsync(LiveAlarm alarm, string action, ResponsePlan plan, CancellationToken cancellationToken)
    {
        var comment = action == "arrive" && plan.Late ? "simulated: arrived after the limit" : "simulated firm";
        using var response = await _http.PostAsJsonAsync(
            $"/api/alarms/act?id={Uri.EscapeDataString(alarm.Id)}&action={action}", new { comment }, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            _output.WriteLine($"responder {_firmId}: {alarm.ElevatorId} {alarm.Description}: {action}");
            return true;
        }

        // Typically 403 (re-dispatched to another firm by now) or 409 (closed or moved on by someone else): not ours any more.
        _output.WriteLine($"responder {_firmId}: {alarm.ElevatorId}: {action} refused ({(int)response.StatusCode}); leaving it");
        return false;
    }
}
