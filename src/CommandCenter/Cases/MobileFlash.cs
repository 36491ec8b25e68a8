using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace CommandCenter.Cases;

/// <summary>The outcome of a phone form, shown once on the page the form's endpoint redirects to.</summary>
public sealed record MobileMessage(bool Succeeded, ImmutableArray<string> Lines);

/// <summary>
/// Post/Redirect/Get for the phone pages: a form's endpoint keeps its outcome in a short-lived, protected cookie and
/// redirects; the page reads it once and removes it. A reload or a retried GET over a dropping network then never
/// sends the form twice. Only the messages travel in the cookie: the page itself keeps what was typed (see <c>/m/report</c>).
/// </summary>
public sealed class MobileFlash(IDataProtectionProvider protection)
{
    private const string CookieName = "cc.m.flash";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("CommandCenter.Cases.MobileFlash");

    public void Set(HttpContext http, MobileMessage message) =>
        http.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(message)), Options(http));

    /// <summary>The message left for this page, removed as it is read; null when there is none or it cannot be read.</summary>
    public MobileMessage? Take(HttpContext http)
    {
        if (http.Request.Cookies[CookieName] is not { } value)
        {
            return null;
        }

        http.Response.Cookies.Delete(CookieName, Options(http));
        try
        {
            return JsonSerializer.Deserialize<MobileMessage>(_protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    private static CookieOptions Options(HttpContext http) => new()
    {
        Path = "/m",
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
