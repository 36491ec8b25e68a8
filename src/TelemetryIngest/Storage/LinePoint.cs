using System.Globalization;
using System.Text;

namespace CommandCenter.TelemetryIngest.Storage;

/// <summary>
/// One InfluxDB line-protocol point written straight into a reused per-thread buffer: measurement and tags first, then
/// fields in the order given, then the timestamp. It writes what the InfluxDB client's <c>PointData</c> writes (the same
/// escaping, integers with <c>i</c>, doubles as G17, no field for a null value, no tag for an empty one), without the
/// immutable dictionaries that made each status cost a few kilobytes of garbage on the ingest path.
/// </summary>
public readonly struct LinePoint
{
    [ThreadStatic]
    private static StringBuilder? t_buffer;

    private readonly StringBuilder _line;
    private readonly long _timestampNanos;

    private LinePoint(StringBuilder line, long timestampNanos)
    {
        _line = line;
        _timestampNanos = timestampNanos;
    }

    /// <summary>
    /// Starts a point of <paramref name="measurement"/> with its tags, in the order given: give them sorted by name, as
    /// InfluxDB prefers them. The point must be finished with <see cref="ToString"/> on the same thread before another starts.
    /// </summary>
    public static LinePoint Start(string measurement, long timestampNanos, params ReadOnlySpan<(string Name, string? Value)> tags)
    {
        var line = t_buffer ??= new StringBuilder(256);
        line.Clear();
        AppendEscaped(line, measurement, escapeEquals: false);
        foreach (var (name, value) in tags)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            line.Append(',');
            AppendEscaped(line, name, escapeEquals: true);
            line.Append('=');
            AppendEscaped(line, value, escapeEquals: true);
        }

        line.Append(' ');
        return new LinePoint(line, timestampNanos);
    }

    public LinePoint Field(string name, long value) => Append(name).AppendNumber(value, 'i');

    public LinePoint Field(string name, long? value) => value is { } number ? Field(name, number) : this;

    public LinePoint Field(string name, bool value)
    {
        Append(name)._line.Append(value ? "true" : "false");
        return this;
    }

    public LinePoint Field(string name, bool? value) => value is { } flag ? Field(name, flag) : this;

    /// <summary>A float field; not a number and infinities are left out, as InfluxDB cannot store them.</summary>
    public LinePoint Field(string name, double value)
    {
        if (double.IsFinite(value))
        {
            Append(name)._line.Append(value.ToString("G17", CultureInfo.InvariantCulture));
        }

        return this;
    }

    public LinePoint Field(string name, string? value)
    {
        if (value is null)
        {
            return this;
        }

        var line = Append(name)._line.Append('"');
        foreach (var c in value)
        {
            if (c is '\\' or '"')
            {
                line.Append('\\');
            }

            line.Append(c);
        }

        line.Append('"');
        return this;
    }

    /// <summary>The finished line, with its timestamp in nanoseconds.</summary>
    public override string ToString() => _line.Append(' ').Append(_timestampNanos).ToString();

    private LinePoint Append(string name)
    {
        // The line ends with the space after the tags until the first field is written; a field never ends with a space.
        if (_line[^1] != ' ')
        {
            _line.Append(',');
        }

        AppendEscaped(_line, name, escapeEquals: true);
        _line.Append('=');
        return this;
    }

    private LinePoint AppendNumber(long value, char suffix)
    {
        _line.Append(value).Append(suffix);
        return this;
    }

    private static void AppendEscaped(StringBuilder line, string text, bool escapeEquals)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n':
                    line.Append("\\n");
                    continue;
                case '\r':
                    line.Append("\\r");
                    continue;
                case '\t':
                    line.Append("\\t");
                    continue;
                case ' ' or ',':
                case '=' when escapeEquals:
                    line.Append('\\');
                    break;
            }

            line.Append(c);
        }
    }
}
