using System.Collections.Concurrent;
using System.Text.Json;
using CommandCenter.Geography.Areas;
using CommandCenter.Protocol;
using CommandCenter.Simulators.Live;

namespace CommandCenter.Simulators.People;

/// <summary>
/// The people of grid governance, simulated through the public API as their demo users (<c>run --people URL</c>): each grid
/// worker patrols their grid and reports cases with a photo and a place inside it; the command center's operator files,
/// dispatches (some to the wrong department) and closes; departments, streets and communities return what is not theirs,
/// accept, handle and feed back with a photo (some after the deadline); grid workers verify with a photo; reporters evaluate
/// the closed cases (mostly satisfied, some not, a few asking for rework). Only cases the simulated grid workers reported are
/// touched, so what a person does by hand in the demo is left to them.
/// </summary>
public sealed class PeopleSimulation : IAsyncDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly PeopleSettings _settings;
    private readonly TimeProvider _time;
    private readonly TextWriter _output;
    private readonly List<ApiSession> _sessions;
    private readonly HashSet<string> _reporters;
    private readonly ConcurrentDictionary<CaseMove, int> _taken = new();
    private readonly ConcurrentDictionary<string, string> _refused = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _players = [];
    private int _reported;

    private PeopleSimulation(PeopleSettings settings, TimeProvider time, TextWriter output, List<ApiSession> sessions, HashSet<string> reporters)
    {
        _settings = settings;
        _time = time;
        _output = output;
        _sessions = sessions;
        _reporters = reporters;
    }

    /// <summary>Cases the grid workers reported so far.</summary>
    public int Reported => Volatile.Read(ref _reported);

    /// <summary>How many times a step was taken so far.</summary>
    public int Taken(CaseMove move) => _taken.GetValueOrDefault(move);

    /// <summary>
    /// Signs in every demo grid worker, department, street and community user and the city operator of
    /// <paramref name="usersFile"/> (waiting, retrying every few seconds, while the command center is not up yet) and starts them.
    /// </summary>
    /// <param name="areas">The city's outlines (<c>city-areas.geojson</c>): reports land inside the grid; null to report at the grid's point.</param>
    public static async Task<PeopleSimulation> StartAsync(
        Uri baseUrl, string usersFile, CityTopology city, IReadOnlyList<AreaShape>? areas, PeopleSettings settings, TimeProvider time, TextWriter output,
        CancellationToken cancellationToken)
    {
        var people = ConsoleLogin.DemoUsers(usersFile);
        var desk = people.FirstOrDefault(person => person is { Role: "operator", Scope: "city" })
            ?? throw new InvalidDataException($"{usersFile} has no city operator to file, dispatch and close the cases");
        var units = people.Where(person => person.Role is "department" or "street" or "community").ToList();
        var grids = city.Districts.SelectMany(d => d.Streets).SelectMany(s => s.Communities).SelectMany(c => c.Grids).ToDictionary(g => g.Id, StringComparer.Ordinal);
        var gridWorkers = people.Where(person => person.Role == "gridworker" && grids.ContainsKey(person.ScopeId)).ToList();
        if (gridWorkers.Count == 0)
        {
            throw new InvalidDataException($"{usersFile} has no grid worker of a grid of the city, so nobody would report a case");
        }

        var sessions = new List<ApiSession>();
        var simulation = new PeopleSimulation(settings, time, output, sessions, [.. gridWorkers.Select(person => person.Name)]);
        try
        {
            var deskActions = new CaseActions(await SignInAsync(desk), settings.Seed);
            var categories = await deskActions.CategoriesAsync(cancellationToken);
            var routing = new CaseRouting(categories, units.Select(UnitOf));
            var shapes = (areas ?? []).Where(shape => shape.Kind == AreaKind.Grid).ToDictionary(shape => shape.Id, StringComparer.Ordinal);
            simulation.Play(deskActions, "Reported,Filed,Verified", (ticket, plan) => CaseDecisions.ForDesk(ticket, plan, routing));
            foreach (var unit in units)
            {
                var scope = UnitOf(unit).Scope;
                simulation.Play(new CaseActions(await SignInAsync(unit), settings.Seed), "Dispatched,InProgress", (ticket, plan) => CaseDecisions.ForUnit(ticket, plan, routing, scope));
            }

            foreach (var worker in gridWorkers)
            {
                var patrol = new GridPatrol(settings.Seed, worker.Name, settings.CasesPerHour, categories, grids[worker.ScopeId], shapes.GetValueOrDefault(worker.ScopeId));
                simulation.Play(
                    new CaseActions(await SignInAsync(worker), settings.Seed), "Feedback,Closed",
                    (ticket, plan) => CaseDecisions.ForGridWorker(ticket, plan, worker.Name, worker.ScopeId), patrol);
            }
        }
        catch
        {
            await simulation.DisposeAsync();
            throw;
        }

        output.WriteLine(
            $"Playing the people of {baseUrl}: {gridWorkers.Count} grid workers reporting {settings.CasesPerHour:0.##} cases an hour each, {units.Count} units, " +
            $"the operator {desk.Name} ({settings.ReturnShare:P0} wrongly dispatched, {settings.LateShare:P0} fed back late, {settings.UnsatisfiedShare:P0} unsatisfied)");
        return simulation;

        async Task<ApiSession> SignInAsync(DemoPerson person)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var session = await ApiSession.SignInAsync(
                        baseUrl, person.Name, person.Password, cancellationToken,
                        wait => output.WriteLine($"people: the command center limits sign-ins from one address; {person.Name} signs in after {wait.TotalSeconds:0} s ({sessions.Count} people signed in so far)"),
                        time);
                    sessions.Add(session);
                    return session;
                }
                catch (HttpRequestException ex)
                {
                    if (attempt == 1)
                    {
                        output.WriteLine($"people: {baseUrl} does not answer yet ({ex.Message}); retrying every {RetryEvery.TotalSeconds:0} s");
                    }

                    await Task.Delay(RetryEvery, time, cancellationToken);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_players);
        foreach (var session in _sessions)
        {
            session.Dispose();
        }

        _stopping.Dispose();
    }

    private static CaseUnit UnitOf(DemoPerson person) => new(
        person.Role switch { "department" => CaseUnit.Department, "street" => CaseUnit.Street, _ => CaseUnit.Community }, person.ScopeId);

    /// <summary>One person's loop: every poll, report when the patrol finds something, then take the steps that are due.</summary>
    private void Play(CaseActions actions, string statuses, Func<CaseView, CasePlan, CaseStep?> decide, GridPatrol? patrol = null) =>
        _players.Add(Task.Run(() => PlayAsync(actions, statuses, decide, patrol, _stopping.Token)));

    private async Task PlayAsync(CaseActions actions, string statuses, Func<CaseView, CasePlan, CaseStep?> decide, GridPatrol? patrol, CancellationToken cancellationToken)
    {
        var nextReport = patrol is null ? DateTimeOffset.MaxValue : AddGap(_time.GetUtcNow(), patrol.NextGap());
        var failing = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (patrol is not null && _time.GetUtcNow() >= nextReport)
                {
                    await ReportAsync(actions, patrol, cancellationToken);
                    nextReport = AddGap(_time.GetUtcNow(), patrol.NextGap());
                }

                await ActAsync(actions, statuses, decide, cancellationToken);
                if (failing)
                {
                    _output.WriteLine($"people: {actions.UserName}: the command center answers again");
                    failing = false;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                // Down, restarting or slow: try again next poll, and say so once.
                if (!failing)
                {
                    _output.WriteLine($"people: {actions.UserName}: the command center did not answer ({ex.Message}); trying again every poll");
                    failing = true;
                }
            }

            try
            {
                await Task.Delay(_settings.PollEvery, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReportAsync(CaseActions actions, GridPatrol patrol, CancellationToken cancellationToken)
    {
        var report = patrol.Next();
        var (id, refusal) = await actions.ReportAsync(report, cancellationToken);
        if (id is null)
        {
            _output.WriteLine($"people: {actions.UserName}: report of {report.Category} at {report.Latitude},{report.Longitude} refused: {refusal}");
            return;
        }

        Interlocked.Increment(ref _reported);
        _output.WriteLine($"people: {actions.UserName} reported {id} ({report.Category}) at {report.Latitude},{report.Longitude} in grid {patrol.GridId}, with a photo");
    }

    private async Task ActAsync(CaseActions actions, string statuses, Func<CaseView, CasePlan, CaseStep?> decide, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var ticket in await actions.ListAsync(statuses, gridWorkerCasesOnly: true, cancellationToken))
        {
            if (!_reporters.Contains(ticket.Reporter))
            {
                continue;
            }

            var plan = CasePlan.For(_settings, ticket.Id, ticket.ReworkCount);
            if (decide(ticket, plan) is not { } step || step.DueAt > now)
            {
                continue;
            }

            // A refused step is not tried again until the case changes (someone else moved it meanwhile).
            var attempt = $"{ticket.Id}|{step.Move}|{ticket.UpdatedAt:O}";
            if (_refused.ContainsKey(attempt))
            {
                continue;
            }

            if (await actions.TakeAsync(ticket, step, plan, cancellationToken) is { } refusal)
            {
                _refused[attempt] = refusal;
                _output.WriteLine($"people: {actions.UserName}: {step.Move} of {ticket.Id} refused: {refusal}");
                continue;
            }

            _taken.AddOrUpdate(step.Move, 1, (_, count) => count + 1);
            _output.WriteLine($"people: {actions.UserName} {Describe(step, plan)} {ticket.Id} ({ticket.Category})");
        }
    }

    private static string Describe(CaseStep step, CasePlan plan) => step.Move switch
    {
        CaseMove.File => "filed",
        CaseMove.Dispatch => $"dispatched to {step.Target!.Scope}",
        CaseMove.Return => "returned as wrongly dispatched",
        CaseMove.Accept => "accepted",
        CaseMove.Feedback => plan.Late ? "fed back, after the deadline," : "fed back with a photo",
        CaseMove.Verify => "verified with a photo",
        CaseMove.Close => "closed",
        _ => $"evaluated as {CaseActions.SatisfactionName(plan.Satisfaction)}{(plan.Rework ? ", asking for rework," : "")}",
    };

    private static DateTimeOffset AddGap(DateTimeOffset now, TimeSpan gap) => gap == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : now + gap;
}
