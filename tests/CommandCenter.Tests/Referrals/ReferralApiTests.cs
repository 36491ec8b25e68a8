using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CommandCenter.Referrals;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Referrals;

/// <summary>
/// The 12345 hotline through the real command center: its referral client posts cases with the demo key, an admin
/// points its callbacks at a loopback HTTPS receiver (loopback allowed, the receiver's CA trusted by configuration),
/// operators take the steps, and the receiver gets the outcome, signed, in the documented shape.
/// </summary>
public sealed class ReferralApiTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HotlineCity _hotline = default!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _hotline = await HotlineCity.StartAsync();

    public ValueTask DisposeAsync() => _hotline.DisposeAsync();

    [Fact]
    public async Task ReferredCaseClosed_HotlineGetsTheSignedOutcomeAndARepeatedPostAnswersTheSameTicket()
    {
        var host = _hotline.Host;
        var secret = await ReferralHosts.SetCallbackAsync(host, $"{_hotline.Receiver.Url}/hotline/callback");
        using var hotline = host.ApiKeyClient("referrals");
        var referral = ReferralHosts.Case("12345-20261206-0001");

        var created = await hotline.PostAsJsonAsync("/api/referrals", referral, Cancel);
        var repeated = await hotline.PostAsJsonAsync("/api/referrals", referral, Cancel);

        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancel));
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var ticketId = answer.GetProperty("ticketId").GetString()!;
        (answer.GetProperty("caseNumber").GetString(), answer.GetProperty("status").GetString()).ShouldBe(("12345-20261206-0001", "Reported"));
        created.Headers.Location!.ToString().ShouldBe($"/api/tickets/{ticketId}");
        repeated.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await repeated.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticketId").GetString().ShouldBe(ticketId);
        var ticket = await host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}", Cancel);
        (ticket.GetProperty("ticket").GetProperty("source").GetString(), ticket.GetProperty("ticket").GetProperty("reporter").GetString())
            .ShouldBe(("Hotline12345", "张先生"));

        await ReferralHosts.CloseAsync(host.Http, ticketId, "垃圾已清运，现场恢复整洁");

        await Eventually.TrueAsync(() => Task.FromResult(_hotline.Receiver.Requests.Count > 0), Deadline, "the hotline's callback");
        var (headers, body) = _hotline.Receiver.Requests.ShouldHaveSingleItem();
        headers["Content-Type"].ShouldStartWith("application/json");
        var timestamp = long.Parse(headers[ReferralCallbackChannel.TimestampHeader], CultureInfo.InvariantCulture);
        DateTimeOffset.FromUnixTimeSeconds(timestamp).ShouldBe(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        headers[ReferralCallbackChannel.SignatureHeader].ShouldBe(ReferralHosts.Signature(secret, timestamp, body), "HMAC-SHA256 of '{timestamp}.{body}' with the client's secret");
        headers.ShouldContainKey(ReferralCallbackChannel.DeliveryHeader);
        var callback = JsonDocument.Parse(body).RootElement;
        callback.EnumerateObject().Select(p => p.Name).ShouldBe(["caseNumber", "ticketId", "outcome", "at", "summary", "handledBy"]);
        (callback.GetProperty("caseNumber").GetString(), callback.GetProperty("ticketId").GetString(), callback.GetProperty("outcome").GetString(),
            callback.GetProperty("summary").GetString(), callback.GetProperty("handledBy").GetString())
            .ShouldBe(("12345-20261206-0001", ticketId, "closed", "垃圾已清运，现场恢复整洁", "department/cg"));
        DateTimeOffset.Parse(callback.GetProperty("at").GetString()!, CultureInfo.InvariantCulture)
            .ShouldBe(DateTimeOffset.Parse(ticket.GetProperty("ticket").GetProperty("reportedAt").GetString()!, CultureInfo.InvariantCulture), TimeSpan.FromMinutes(1));

        var seen = JsonDocument.Parse(await Eventually.ValueAsync(
            async () => await host.Http.GetStringAsync($"/api/referrals/tickets/{ticketId}", Cancel) is var view && view.Contains("\"Sent\"", StringComparison.Ordinal) ? view : null,
            Deadline, "the callback listed as sent")).RootElement;
        seen.GetProperty("callerPhone").GetString().ShouldBe("138****0000");
        var delivery = seen.GetProperty("callbacks").EnumerateArray().ShouldHaveSingleItem();
        (delivery.GetProperty("channel").GetString(), delivery.GetProperty("step").GetString(), delivery.GetProperty("recipientName").GetString(), delivery.GetProperty("attempts").GetInt32())
            .ShouldBe(("referral", "closed", "referrals", 1));
    }

    [Fact]
    public async Task Refusals_NoKeyWrongScopeBadBodyAndUnsafeCallbackUrls_AreRefusedWithReasonsAndBadReferralsAreKeptForOperators()
    {
        var host = _hotline.Host;
        (await host.Anonymous.PostAsJsonAsync("/api/referrals", ReferralHosts.Case("12345-X-1"), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var monitoring = host.ApiKeyClient("monitoring"))
        {
            (await monitoring.PostAsJsonAsync("/api/referrals", ReferralHosts.Case("12345-X-1"), Cancel)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        using var hotline = host.ApiKeyClient("referrals");
        var bad = await hotline.PostAsJsonAsync("/api/referrals", new { caseNumber = "12345 X 2!", category = "no-such-category", description = "", caller = new { phone = "call me" } }, Cancel);
        var notJson = await hotline.PostAsync("/api/referrals", new StringContent("{ not json", Encoding.UTF8, "application/json"), Cancel);
        hotline.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var english = await hotline.PostAsJsonAsync("/api/referrals", new { caseNumber = "12345-X-3", category = "exposed-garbage", description = "x" }, Cancel);

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        errors.ShouldContain(e => e.StartsWith("caseNumber:", StringComparison.Ordinal) && e.Contains("必填", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("caller.phone:", StringComparison.Ordinal));
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        english.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await english.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!)
            .ShouldContain(e => e.Contains("location", StringComparison.OrdinalIgnoreCase));
        var refusals = await host.Http.GetFromJsonAsync<JsonElement>("/api/referrals/refusals", Cancel);
        refusals.EnumerateArray().Select(r => (r.GetProperty("client").GetString(), r.GetProperty("caseNumber").GetString())).ToList()
            .ShouldBe([("referrals", "12345-X-3"), ("referrals", null), ("referrals", "12345 X 2!")]);

        using var admin = await host.SignInAsync("admin");
        foreach (var url in new[] { $"http://127.0.0.1:{new Uri(_hotline.Receiver.Url).Port}/hotline", "https://no-such-host.invalid/hotline", "ftp://example.com/x" })
        {
            var refused = await admin.PutAsJsonAsync("/api/admin/referrals/clients/referrals/callback", new { url }, Cancel);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            (await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").EnumerateArray().ShouldHaveSingleItem().GetString()!.ShouldStartWith("url:");
        }

        var notAClient = await admin.PutAsJsonAsync("/api/admin/referrals/clients/open311/callback", new { url = $"{_hotline.Receiver.Url}/hotline" }, Cancel);
        notAClient.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var clients = await admin.GetFromJsonAsync<JsonElement>("/api/admin/referrals/clients", Cancel);
        clients.EnumerateArray().Select(c => (c.GetProperty("client").GetString(), c.GetProperty("callbackUrl").ValueKind)).ShouldBe([("referrals", JsonValueKind.Null)]);
        var page = await admin.GetStringAsync("/admin/referrals?lang=en", Cancel);
        page.ShouldContain("12345 hotline callbacks");
        page.ShouldContain("<td>referrals</td>");
    }
}
