using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Referrals;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Referrals;

/// <summary>
/// A hotline that is down when its case is returned: the callback waits in the outbox through a restart of the
/// command center process and reaches the hotline once it is up again, as the same delivery, tried again.
/// </summary>
public sealed class ReferralRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HotlineCity _hotline = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hotline = await HotlineCity.StartAsync();

    public ValueTask DisposeAsync() => _hotline.DisposeAsync();

    [Fact]
    public async Task HotlineDown_CaseReturned_CallbackIsRetriedAcrossARestartUntilTheHotlineTakesIt()
    {
        await ReferralHosts.SetCallbackAsync(_hotline.Host, $"{_hotline.Receiver.Url}/hotline");
        _hotline.Receiver.Failing = true;
        using var hotline = _hotline.Host.ApiKeyClient("referrals");
        var created = await hotline.PostAsJsonAsync("/api/referrals", ReferralHosts.Case("12345-20261206-0042"), Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var ticketId = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticketId").GetString()!;
        var cancelled = await _hotline.Host.Http.PostAsJsonAsync($"/api/tickets/{ticketId}/cancel", new { actor = "受理员", comment = "不属于本市管辖，退回热线" }, Cancel);
        cancelled.StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.TrueAsync(() => Task.FromResult(_hotline.Receiver.Requests.Count >= 2), Deadline, "the callback refused at least twice");

        var host = await _hotline.RestartAsync();
        var refusedBefore = _hotline.Receiver.Requests.Count;
        _hotline.Receiver.Failing = false;

        var view = await Eventually.ValueAsync(
            async () => await host.Http.GetStringAsync($"/api/referrals/tickets/{ticketId}", Cancel) is var text && text.Contains("\"Sent\"", StringComparison.Ordinal) ? text : null,
            Deadline, "the callback delivered after the restart");
        var delivered = JsonDocument.Parse(view).RootElement.GetProperty("callbacks").EnumerateArray().ShouldHaveSingleItem();
        delivered.GetProperty("status").GetString().ShouldBe("Sent");
        delivered.GetProperty("attempts").GetInt32().ShouldBeGreaterThanOrEqualTo(refusedBefore, "every refused attempt counted, then the one taken");
        delivered.GetProperty("result").GetString().ShouldStartWith("HTTP 200");
        var bodies = _hotline.Receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        bodies.Select(b => (b.GetProperty("caseNumber").GetString(), b.GetProperty("outcome").GetString(), b.GetProperty("summary").GetString())).Distinct()
            .ShouldBe([("12345-20261206-0042", "returned", "不属于本市管辖，退回热线")]);
        _hotline.Receiver.Requests.Select(r => r.Headers[ReferralCallbackChannel.DeliveryHeader]).Distinct().ShouldHaveSingleItem();
    }
}
