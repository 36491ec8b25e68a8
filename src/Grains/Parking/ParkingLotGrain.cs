using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Parking;

/// <summary>
/// One parking lot (rules in <see cref="ParkingLot"/>). Berth states and gate counts are durable;
/// the lot reports its contribution to its grid's rollup on activation and whenever it changes, and
/// looks at the clock every <see cref="ParkingOptions.CheckInterval"/> because the night window and
/// silent sensors change its totals without any message.
/// </summary>
public sealed class ParkingLotGrain(
    [PersistentState("parking", StorageNames.Grains)] IPersistentState<ParkingLotState> state,
    CityDirectory city,
    IOptions<ParkingOptions> options,
    IOptions<CityOptions> cityOptions,
    CityClock time) : Grain, IParkingLotGrain
{
    private ParkingLot _lot = null!;
    private string? _gridId;
    private AreaStats? _reported;
    private DateTimeOffset? _savedAt;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        TakeCityLot();
        var check = options.Value.CheckInterval;
        this.RegisterGrainTimer(_ => ReportToAreaAsync(), new GrainTimerCreationOptions(check, check));
        return ReportToAreaAsync();
    }

    public async Task LeaveGridAsync(string formerGridId)
    {
        await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(formerGridId)).ReportAsync(Id, AreaStats.Empty);
        _reported = null;
        TakeCityLot();
        await ReportToAreaAsync();
    }

    /// <summary>The lot as the city file has it now (null info when the city does not know it); sensor state is kept.</summary>
    private void TakeCityLot()
    {
        var info = city.FindLot(Id);
        _gridId = info?.GridId;
        _lot = new ParkingLot(Id, info, state.State, options.Value, cityOptions.Value.FindTimeZone(), time);
    }

    public async Task<bool> ApplyBerthAsync(BerthStateReport report)
    {
        var outcome = _lot.ApplyBerth(report);
        if (outcome == ReportOutcome.Stale)
        {
            return false;
        }

        await SaveAsync(outcome);
        await ReportToAreaAsync();
        return true;
    }

    public async Task<bool> ApplyGateAsync(LotGateReport report)
    {
        var outcome = _lot.ApplyGate(report);
        if (outcome == ReportOutcome.Stale)
        {
            return false;
        }

        await SaveAsync(outcome);
        await ReportToAreaAsync();
        return true;
    }

    public Task<ParkingLotSnapshot> GetSnapshotAsync() => Task.FromResult(_lot.Snapshot());

    /// <summary>
    /// Writes every change, but heartbeats (which only move last-seen times) at most every half
    /// silent-limit: storage stays calm, and after a restart a sensor's last-seen time is at most
    /// half a limit behind.
    /// </summary>
    private async Task SaveAsync(ReportOutcome outcome)
    {
        var now = time.GetUtcNow();
        if (outcome == ReportOutcome.Changed || _savedAt is null || now - _savedAt >= options.Value.SilentAfter / 2)
        {
            await state.WriteStateAsync();
            _savedAt = now;
        }
    }

    private async Task ReportToAreaAsync()
    {
        if (_gridId is null)
        {
            return;
        }

        var contribution = ParkingLot.Contribution(_lot.Snapshot());
        if (_reported is null || !_reported.SameAs(contribution))
        {
            await GrainFactory.GetGrain<IAreaGrain>(AreaKeys.Grid(_gridId)).ReportAsync(Id, contribution);
            _reported = contribution;
        }
    }
}
