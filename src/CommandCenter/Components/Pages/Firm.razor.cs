using System.Security.Claims;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Components.Firm;
using CommandCenter.Components.Sound;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.Localization;
using CommandCenter.Plumbing;
using CommandCenter.Protocol;
using CommandCenter.Wall;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The maintenance-firm console: the firm's elevators live, its open alarms with the arrival
/// countdown and the handling steps, its duty compliance and KPIs, and a beep on each new alarm.
/// Firm users see their own firm only; city-wide operators pick any firm (<c>/firm?firmId=…</c>). Everything
/// shown passes <see cref="FirmScope"/>, so another firm's data never reaches this circuit.
/// </summary>
public sealed partial class Firm : ConsolePageBase
{
    private const int RecentKept = 10;
    // Duty standings change with time alone and are not pushed.
    private static readonly TimeSpan DutyRefresh = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(250);

    private readonly Dictionary<string, ElevatorSnapshot> _elevators = new(StringComparer.Ordinal);
    private AlarmBoard _alarms = new(_ => false, 0);
    private MaintenanceFirm? _firm;
    private IReadOnlyList<ElevatorPlace> _places = [];
    private IReadOnlyList<ElevatorDuties> _duties = [];
    private FirmAlarmKpis _kpis = FirmAlarmKpis.Of("", []);
    private CommandCenter.Assessment.FirmScoreBoard? _scoreBoard;
    private CommandCenter.Assessment.FirmScore? _score;

    [Inject]
    private CommandCenter.Assessment.FirmScores FirmScores { get; set; } = default!;
    private string? _problem;
    private ClaimsPrincipal _user = new();
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private AlertSound? _beep;
    private Coalescer? _render;

    [Inject]
    private FirmScope Scope { get; set; } = default!;

    [Inject]
    private LiveFeed Feed { get; set; } = default!;

    [Inject]
    private IGrainFactory Grains { get; set; } = default!;

    [Inject]
    private ConsoleAudit Audit { get; set; } = default!;

    /// <summary>Operators only: the firm to show. A firm user's own firm needs no parameter.</summary>
    [SupplyParameterFromQuery]
    public string? FirmId { get; set; }

    protected override void OnInitialized()
    {
        _zone = City.Value.FindTimeZone();
        if (RendererInfo.IsInteractive)
        {
            // Subscribed before the snapshot is read, so no change falls between the two.
            // A busy firm's lifts report many times a second: the table redraws a few times a second at most.
            _render = new Coalescer(RenderInterval, Time, () => OnRendererAsync(() =>
            {
                StateHasChanged();
                return Task.CompletedTask;
            }));
            Own(_render);
            Own(Feed.Subscribe(change => Concerns(change) ? OnRendererAsync(() => ApplyAsync(change)) : Task.CompletedTask));
            TickWhile(() => _alarms.OpenCount > 0);
            Every(DutyRefresh, LoadDutiesAsync);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        var user = (await Authentication).User;
        _user = user;
        var access = user.IsOperator() && FirmId is null ? null : Scope.Authorize(user, FirmId);
        if (access?.Firm?.Id == _firm?.Id && _firm is not null)
        {
            return;
        }

        _firm = access?.Firm;
        _problem = access?.Problem;
        _elevators.Clear();
        _duties = [];
        if (_firm is not { } firm)
        {
            _places = [];
            _alarms = new AlarmBoard(_ => false, 0);
            return;
        }

        _places = Scope.ElevatorsOf(firm.Id);
        _alarms = new AlarmBoard(alarm => FirmScope.Sees(firm.Id, alarm), RecentKept);
        var snapshot = await Scope.GetSnapshotAsync(firm, CancellationToken.None);
        foreach (var elevator in snapshot.Elevators)
        {
            MergeElevator(elevator);
        }

        _alarms.Load(snapshot.Alarms);
        // The index's closed alarms fill the recently closed list; the board ignores other firms' alarms.
        _alarms.Load(await LoadKpisAsync());
        await LoadDutiesAsync();
        await LoadScoreAsync(firm.Id);
    }

    private async Task ApplyAsync(LiveChange change)
    {
        if (_firm is not { } firm)
        {
            return;
        }

        var elevatorsChanged = false;
        foreach (var elevator in change.Elevators.Where(e => Scope.Sees(firm.Id, e)))
        {
            elevatorsChanged |= MergeElevator(elevator);
        }

        if (change.Alarm is { } alarm && (FirmScope.Sees(firm.Id, alarm) || _alarms.Open.Any(a => a.Id == alarm.Id)))
        {
            var isNew = _alarms.Apply(alarm);
            await LoadKpisAsync();
            if (isNew && _beep is not null)
            {
                await _beep.BeepAsync();
            }

            // Alarms show at once, taking any pending elevator changes with them.
            _render!.RunNow();
        }
        else if (elevatorsChanged)
        {
            _render!.Request();
        }
    }

    /// <summary>Takes a handling step as the signed-in user, after checking the alarm is still this firm's; audits it.</summary>
    private async Task<string?> ActAsync(AlarmSnapshot shown, AlarmAction action, string? comment)
    {
        var grain = Grains.GetGrain<IAlarmGrain>(shown.Id);
        if (_firm is null || await grain.GetAsync() is not { } current || !FirmScope.Sees(_firm.Id, current))
        {
            return Text["NoLongerDispatched"];
        }

        try
        {
            var acted = await grain.ActAsync(action, _user.Identity?.Name ?? "", comment);
            _alarms.Apply(acted);
            await Audit.Log.RecordAlarmStepAsync(Audit.ActorOf(_user), action, acted);
            await LoadKpisAsync();
            return null;
        }
        catch (AlarmException ex)
        {
            return FaultText.Render(ex.Problem);
        }
    }

    /// <summary>
    /// Cheap test off the renderer: the city's elevator changes stream in all the time, and only this
    /// firm's (and the rare alarm change) are worth a trip to the renderer.
    /// </summary>
    private bool Concerns(LiveChange change) =>
        _firm is { } firm && (change.Alarm is not null || change.Elevators.Any(e => Scope.Sees(firm.Id, e)));

    /// <summary>Recomputes the KPIs; returns the city's open and recent alarms they came from.</summary>
    private async Task<IReadOnlyList<AlarmSnapshot>> LoadKpisAsync()
    {
        var alarms = await Grains.GetGrain<IAlarmIndexGrain>(GrainKeys.AlarmIndex).ListAsync(openOnly: false);
        _kpis = FirmAlarmKpis.Of(_firm?.Id ?? "", alarms);
        return alarms;
    }

    /// <summary>The firm's own quality score this month and its rank among the city's firms (never the others' figures).</summary>
    private async Task LoadScoreAsync(string firmId)
    {
        _scoreBoard = await FirmScores.ComputeAsync(CommandCenter.Assessment.AssessmentWindow.MonthOf(Now, FirmScores.Zone), CancellationToken.None);
        _score = _scoreBoard.Scores.FirstOrDefault(s => s.FirmId == firmId);
    }

    private async Task LoadDutiesAsync()
    {
        if (_firm is not null)
        {
            _duties = await Task.WhenAll(_places.Select(p => Grains.GetGrain<IGridDutiesGrain>(p.Place.Grid.Id).GetElevatorAsync(p.Elevator.Id)));
            StateHasChanged();
        }
    }

    /// <summary>Keeps the newer of two copies of an elevator; on a tie the later one, which may carry newer alarms.</summary>
    private bool MergeElevator(ElevatorSnapshot elevator)
    {
        if (_elevators.TryGetValue(elevator.Id, out var known) && known.ReportedAt > elevator.ReportedAt)
        {
            return false;
        }

        _elevators[elevator.Id] = elevator;
        return true;
    }

    private string? AddressOf(string elevatorId) => _places.FirstOrDefault(p => p.Elevator.Id == elevatorId)?.Elevator.Address;
}
