using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CommandCenter.Grains.Areas;

/// <summary>
/// One area of the rollup tree (grid → community → street → district → city). Keeps each source's
/// whole contribution and their sum, and passes the sum to its parent area (from the
/// <see cref="CityDirectory"/>) on a short coalescing timer, only when it changed: a burst of
/// changes among a grid's elevators costs its community one call, not one per change.
/// </summary>
/// <remarks>
/// The sums are deliberately not persisted. They are derived data, and persisting them would cost a
/// storage write per area per change — several per elevator change on the way up — for nothing a
/// source cannot say again. Instead: sources report their whole contribution (never a delta) when
/// they activate and whenever it changes, so a re-report is harmless; areas are never collected
/// while idle, so a quiet area does not forget its sources; and every area re-sends its sum to its
/// parent each <see cref="AreaOptions.RefreshInterval"/>, as elevators do to their grid, so an area
/// lost with a failed silo is rebuilt by its children within that interval.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class AreaGrain(CityDirectory city, IOptions<AreaOptions> options, ILogger<AreaGrain> logger) : Grain, IAreaGrain
{
    private readonly Dictionary<string, AreaStats> _contributions = new(StringComparer.Ordinal);
    private AreaStats? _total = AreaStats.Empty;
    private AreaStats? _pushed;
    private string? _parent;
    private IGrainTimer? _pushTimer;
    private bool _pushScheduled;

    private string Key => this.GetPrimaryKeyString();

    /// <summary>The sum of all contributions, recomputed only after a change (areas have tens of sources, not thousands).</summary>
    private AreaStats Total => _total ??= Sum(_contributions.Values);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _parent = city.ParentOf(Key);
        // Registered even without a parent (the city, or an area no city places): an imported city may give it one.
        _pushTimer = this.RegisterGrainTimer(PushAsync, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        var refresh = options.Value.RefreshInterval;
        this.RegisterGrainTimer(RefreshAsync, new GrainTimerCreationOptions(refresh, refresh));
        return Task.CompletedTask;
    }

    public Task ReportAsync(string sourceId, AreaStats contribution)
    {
        if (Replace(sourceId, contribution))
        {
            SchedulePush();
        }

        return Task.CompletedTask;
    }

    public Task ReportManyAsync(IReadOnlyDictionary<string, AreaStats> contributions)
    {
        // Not short-circuited: every source must be replaced.
        if (contributions.Count(pair => Replace(pair.Key, pair.Value)) > 0)
        {
            SchedulePush();
        }

        return Task.CompletedTask;
    }

    public Task<AreaStats> GetStatsAsync() => Task.FromResult(Total);

    public Task<IReadOnlyDictionary<string, AreaStats>> GetContributionsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, AreaStats>>(new Dictionary<string, AreaStats>(_contributions, StringComparer.Ordinal));

    public async Task LeaveParentAsync(string formerParentKey)
    {
        await GrainFactory.GetGrain<IAreaGrain>(formerParentKey).ReportAsync(Key, AreaStats.Empty);
        _parent = city.ParentOf(Key);
        _pushed = null;
        if (_parent is not null)
        {
            await SendAsync();
        }
    }

    /// <summary>Replaces one source's contribution; a source that contributes nothing is forgotten (a closed work order). True when it changed.</summary>
    private bool Replace(string sourceId, AreaStats contribution)
    {
        var known = _contributions.TryGetValue(sourceId, out var previous);
        if (known ? previous!.SameAs(contribution) : contribution.Counters.IsEmpty)
        {
            return false;
        }

        if (contribution.Counters.IsEmpty)
        {
            _contributions.Remove(sourceId);
        }
        else
        {
            _contributions[sourceId] = contribution;
        }

        _total = null;
        return true;
    }

    private void SchedulePush()
    {
        if (_parent is not null && _pushTimer is not null && !_pushScheduled)
        {
            _pushScheduled = true;
            _pushTimer.Change(options.Value.PushDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private Task PushAsync(CancellationToken cancellationToken)
    {
        _pushScheduled = false;
        return _parent is null || (_pushed is { } pushed && pushed.SameAs(Total)) ? Task.CompletedTask : SendAsync();
    }

    private Task RefreshAsync(CancellationToken cancellationToken) => _parent is null || _pushed is null ? Task.CompletedTask : SendAsync();

    private async Task SendAsync()
    {
        var total = Total;
        try
        {
            await GrainFactory.GetGrain<IAreaGrain>(_parent!).ReportAsync(Key, total);
            _pushed = total;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Area {Area} could not pass its total to {Parent}; retrying", Key, _parent);
            SchedulePush();
        }
    }

    /// <summary>Adds up contributions, leaving out zeros so equal totals always compare equal.</summary>
    private static AreaStats Sum(IEnumerable<AreaStats> contributions)
    {
        var sum = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var contribution in contributions)
        {
            foreach (var (metric, value) in contribution.Counters)
            {
                sum[metric] = sum.GetValueOrDefault(metric) + value;
            }
        }

        return AreaStats.Of([.. sum.Select(pair => (pair.Key, pair.Value))]);
    }
}
