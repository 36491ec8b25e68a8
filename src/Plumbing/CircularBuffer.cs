namespace CommandCenter.Plumbing;

/// <summary>A fixed-capacity list that drops its oldest item when full: the wall's history never grows.</summary>
public sealed class CircularBuffer<T>(int capacity)
{
    private readonly T[] _items = capacity > 0 ? new T[capacity] : throw new ArgumentOutOfRangeException(nameof(capacity));
    private int _start;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public void Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count++) % _items.Length] = item;
            return;
        }

        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _start = 0;
        Count = 0;
    }

    /// <summary>The items, oldest first.</summary>
    public T[] ToArray()
    {
        var copy = new T[Count];
        for (var i = 0; i < Count; i++)
        {
            copy[i] = _items[(_start + i) % _items.Length];
        }

        return copy;
    }
}
