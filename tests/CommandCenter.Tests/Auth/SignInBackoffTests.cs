using CommandCenter.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>The growing delay after wrong passwords, on fake time: free failures, then 1 s, 2 s, 4 s, … up to the cap.</summary>
public sealed class SignInBackoffTests
{
    private const string Guessed = "WALL@203.0.113.7";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
    private readonly SignInBackoff _backoff;

    public SignInBackoffTests() =>
        _backoff = new SignInBackoff(_time, Options.Create(new SignInLimitOptions { FreeFailures = 3, MaxBackoffSeconds = 8 }));

    [Fact]
    public void Failures_PastTheFreeOnes_EachDoubleTheWaitUpToTheCap()
    {
        var waits = new List<double>();
        for (var failure = 1; failure <= 8; failure++)
        {
            _backoff.Failed(Guessed);
            waits.Add(_backoff.WaitBefore(Guessed).TotalSeconds);
            _time.Advance(_backoff.WaitBefore(Guessed));
        }

        waits.ShouldBe([0, 0, 0, 1, 2, 4, 8, 8]);
    }

    [Fact]
    public void Wait_RunsOutWithTime_AndASuccessClearsTheCount()
    {
        for (var failure = 0; failure < 5; failure++)
        {
            _backoff.Failed(Guessed);
        }

        _backoff.WaitBefore(Guessed).ShouldBe(TimeSpan.FromSeconds(2));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        _backoff.WaitBefore(Guessed).ShouldBe(TimeSpan.FromSeconds(0.5));
        _time.Advance(TimeSpan.FromSeconds(0.5));
        _backoff.WaitBefore(Guessed).ShouldBe(TimeSpan.Zero);

        _backoff.Succeeded(Guessed);
        _backoff.Failed(Guessed);
        _backoff.WaitBefore(Guessed).ShouldBe(TimeSpan.Zero, "a sign-in clears the failures before it");
    }

    [Fact]
    public void Failures_OfOneNameAndAddress_HoldBackNoOtherPairAndAreForgottenAfterAQuarterHour()
    {
        for (var failure = 0; failure < 6; failure++)
        {
            _backoff.Failed(Guessed);
        }

        _backoff.WaitBefore("WALL@198.51.100.1").ShouldBe(TimeSpan.Zero, "the owner at their own desk");
        _backoff.WaitBefore("OPERATOR@203.0.113.7").ShouldBe(TimeSpan.Zero, "another name from the guessing address");

        _time.Advance(TimeSpan.FromMinutes(16));
        _backoff.Failed(Guessed);
        _backoff.WaitBefore(Guessed).ShouldBe(TimeSpan.Zero, "a run left alone for 15 minutes starts afresh");
    }
}
