using System.Net;
using CommandCenter.Referrals;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Referrals;

/// <summary>Where callbacks may go when private targets are not allowed: checked when an admin sets a URL, and again at the connection itself.</summary>
public sealed class CallbackTargetTests
{
    private static readonly CallbackTargets Strict = new(Options.Create(new ReferralOptions()));

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("https://127.0.0.1/hotline", "127.0.0.1")]
    [InlineData("https://localhost:8443/hotline", null)]
    [InlineData("https://10.20.30.40/hotline", "10.20.30.40")]
    [InlineData("https://172.16.0.1/hotline", "172.16.0.1")]
    [InlineData("https://192.168.1.10/hotline", "192.168.1.10")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254")]
    [InlineData("https://100.64.0.1/hotline", "100.64.0.1")]
    [InlineData("https://[::1]/hotline", "::1")]
    [InlineData("https://[fe80::1]/hotline", "fe80::1")]
    [InlineData("https://[fd00::1]/hotline", "fd00::1")]
    [InlineData("https://[::ffff:10.0.0.1]/hotline", "::ffff:10.0.0.1")]
    public async Task Check_PrivateLinkLocalOrLoopbackHost_IsRefusedNamingTheAddress(string url, string? address)
    {
        var refusal = await Strict.CheckAsync(url, Cancel);

        refusal.ShouldNotBeNull().Kind.ShouldBe(CallbackRefusalKind.PrivateAddress);
        if (address is not null)
        {
            refusal.Detail.ShouldBe(address);
        }
    }

    [Theory]
    [InlineData("http://8.8.8.8/hotline")]
    [InlineData("https://user:password@8.8.8.8/hotline")]
    [InlineData("/hotline")]
    [InlineData("")]
    public async Task Check_NotAPlainHttpsUrl_IsRefused(string url) =>
        (await Strict.CheckAsync(url, Cancel)).ShouldNotBeNull().Kind.ShouldBe(CallbackRefusalKind.NotHttps);

    [Fact]
    public async Task Check_PublicAddress_IsAllowedAndLoopbackOnlyWithTheOption()
    {
        (await Strict.CheckAsync("https://8.8.8.8/hotline", Cancel)).ShouldBeNull();
        (await Strict.CheckAsync("https://[2400:3200::1]/hotline", Cancel)).ShouldBeNull();
        (await new CallbackTargets(Options.Create(new ReferralOptions { AllowPrivateTargets = true })).CheckAsync("https://127.0.0.1/hotline", Cancel)).ShouldBeNull();
    }

    [Fact]
    public async Task Send_ToAHostThatResolvesToLoopback_IsRefusedAtTheConnectionWithoutReachingIt()
    {
        // A name that passed the check when set and resolves to loopback later (DNS rebinding) meets the same check when connecting.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var http = new HttpClient(Strict.CreateHandler());

        var refused = await Should.ThrowAsync<HttpRequestException>(() => http.PostAsync($"https://localhost:{port}/hotline", new StringContent("{}"), Cancel));

        refused.Message.ShouldContain("Referrals:AllowPrivateTargets");
        listener.Pending().ShouldBeFalse("nothing connected to the loopback listener");
    }
}
