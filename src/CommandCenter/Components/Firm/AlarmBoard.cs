using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Components.Firm;

/// <summary>
/// The alarms a console shows, kept in step with a snapshot and the live feed in whatever order the
/// two arrive: a copy never replaces one that is further along. Alarms that do not belong to the
/// board are dropped on arrival, so a firm's board never holds another firm's alarm.
/// </summary>
public sealed class AlarmBoard(Func<AlarmSnapshot, bool> belongs, int recentKept)
{
    private readonly Dictionary<string, AlarmSnapshot> _open = new(StringComparer.Ordinal);
    private readonly List<AlarmSnapshot> _recent = [];

    /// <summary>Most severe first, then oldest first: the order they should be handled in.</summary>
    public IEnumerable<AlarmSnapshot> Open => _open.Values.OrderByDescending(a => a.Severity).ThenBy(a => a.OccurredAt);

    /// <summary>Closed alarms, most recently closed first, at most the number given.</summary>
    public IReadOnlyList<AlarmSnapshot> Recent => _recent;

    public int OpenCount => _open.Count;

    /// <summary>Fills the board from a snapshot in any order; alarms that arrived live in the meantime are kept when newer.</summary>
    public void Load(IEnumerable<AlarmSnapshot> alarms)
    {
        foreach (var alarm in alarms)
        {
            Apply(alarm);
        }
    }

    /// <summary>Applies one alarm; true when it is newly open on this board (a new alarm, or newly dispatched here).</summary>
    public bool Apply(AlarmSnapshot alarm)
    {
        var current = _open.GetValueOrDefault(alarm.Id) ?? _recent.Find(a => a.Id == alarm.Id);
        if ((current is null && !belongs(alarm)) || (current is not null && IsBehind(alarm, current)))
        {
            return false;
        }

        _recent.RemoveAll(a => a.Id == alarm.Id);
        var wasOpen = _open.Remove(alarm.Id);
        if (!belongs(alarm))
        {
            return false;
        }

        if (alarm.IsOpen)
        {
            _open[alarm.Id] = alarm;
            return !wasOpen;
        }

        _recent.Add(alarm);
        _recent.Sort((a, b) => b.Steps[^1].At.CompareTo(a.Steps[^1].At));
        if (_recent.Count > recentKept)
        {
            _recent.RemoveAt(_recent.Count - 1);
        }

        return false;
    }

    public void Clear()
    {
        _open.Clear();
        _recent.Clear();
    }

    private static bool IsBehind(AlarmSnapshot candidate, AlarmSnapshot current) => candidate.Progress < current.Progress;
}
