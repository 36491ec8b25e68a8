using System.Collections.Concurrent;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CommandCenter.Auth;

/// <summary>
/// The growing delay of guessing, under the fixed windows of <see cref="RateLimits"/>: after
/// <see cref="SignInLimitOptions.FreeFailures"/> wrong passwords or second-factor codes in a row for one
/// name from one address, each further attempt must wait twice as long as the one before (1 s, 2 s, 4 s, …,
/// at most <see cref="SignInLimitOptions.MaxBackoffSeconds"/>). An attempt made during the wait is answered
/// 429 with Retry-After before anything is checked. A correct sign-in clears the count; the account is never
/// locked, and its owner signing in from another address is not held back. Kept per silo, in memory.
/// </summary>
public sealed class SignInBackoff(TimeProvider time, IOptions<SignInLimitOptions> options)
{
    /// <summary>Name-and-address pairs tracked at most; beyond it the forgotten ones are dropped first.</summary>
    private const int MaxTracked = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    private TimeSpan MaxBackoff => TimeSpan.FromSeconds(options.Value.MaxBackoffSeconds);

    /// <summary>A run of failures left alone this long starts afresh, as the per-user window does.</summary>
    private TimeSpan ForgetAfter => TimeSpan.FromMinutes(15) > MaxBackoff * 2 ? TimeSpan.FromMinutes(15) : MaxBackoff * 2;

    /// <summary>The pair the delay counts: the user name as typed (any case) and the address block the limits use.</summary>
    public static string KeyOf(string? userName, HttpContext http) => $"{userName?.Trim().ToUpperInvariant()}@{RateLimits.AddressBlockOf(http)}";

    /// <summary>How long the next attempt for this pair must still wait; zero when it may go ahead.</summary>
    public TimeSpan WaitBefore(string key)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return TimeSpan.Zero;
        }

        var wait = failures.Last + DelayAfter(failures.Count) - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    public void Failed(string key)
    {
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTracked)
        {
            foreach (var (stale, _) in _failures.Where(pair => IsForgotten(pair.Value, now)))
            {
                _failures.TryRemove(stale, out _);
            }
        }

        _failures.AddOrUpdate(key, _ => new Failures(1, now), (_, failures) => new Failures(IsForgotten(failures, now) ? 1 : failures.Count + 1, now));
    }

    public void Succeeded(string key) => _failures.TryRemove(key, out _);

    /// <summary>429 with Retry-After and the reason, as the rate limits answer, when this pair must still wait; null when it may go ahead.</summary>
    public IResult? RefusalFor(string key, HttpContext http)
    {
        var wait = WaitBefore(key);
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<RateLimitText>>();
        return Results.Problem(
            text["SignInBackoff", _failures.TryGetValue(key, out var failures) ? failures.Count : 0, seconds].Value,
            statusCode: StatusCodes.Status429TooManyRequests);
    }

    private TimeSpan DelayAfter(int failures)
    {
        var over = failures - options.Value.FreeFailures;
        if (over <= 0)
        {
            return TimeSpan.Zero;
        }

        var doubling = TimeSpan.FromSeconds(Math.Pow(2, Math.Min(over - 1, 30)));
        return doubling < MaxBackoff ? doubling : MaxBackoff;
    }

    private bool IsForgotten(Failures failures, DateTimeOffset now) => now - failures.Last > ForgetAfter;

    private sealed record Failures(int Count, DateTimeOffset Last);
}
