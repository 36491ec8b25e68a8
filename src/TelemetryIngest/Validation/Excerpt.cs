using System.Text;

namespace CommandCenter.TelemetryIngest.Validation;

/// <summary>Bounded, printable excerpts of untrusted input for logs and the dead-letter store.</summary>
public static class Excerpt
{
    public static string Of(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "…");

    /// <summary>The first bytes as UTF-8 (invalid bytes become U+FFFD), with control characters escaped.</summary>
    public static string Of(ReadOnlySpan<byte> payload, int maxChars)
    {
        var text = Encoding.UTF8.GetString(payload[..Math.Min(payload.Length, maxChars * 4)]);
        var builder = new StringBuilder(Math.Min(text.Length, maxChars + 1));
        foreach (var c in text)
        {
            if (builder.Length >= maxChars)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? '·' : c);
        }

        return builder.ToString();
    }
}
