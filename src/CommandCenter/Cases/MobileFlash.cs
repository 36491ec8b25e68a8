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
/// Each console of plain forms has its own cookie, sent to its own pages only: <c>/m</c> (the default) and <c>/work</c>.
/// </summary>
public sealed class MobileFlash(IDataProtectionProvider protection)
{
    public const string Mobile = "/m";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("CommandCenter.Cases.MobileFlash");

    public void Set(HttpContext http, MobileMessage message, string console = Mobile) =>
        http.Response.Cookies.Append(CookieNameOf(console), _protector.Protect(JsonSerializer.Serialize(message)), Options(http, console));

    /// <summary>The message left for this page, removed as it is read; null when there is none or it cannot be read.</summary>
    public MobileMessage? Take(HttpContext http, string console = Mobile)
    {
        if (http.Request.Cookies[CookieNameOf(console)] is not { } value)
        {
            return null;
        }

        http.Response.Cookies.Delete(CookieNameOf(console), Options(http, console));
        try
        {
            return JsonSerializer.Deserialize<MobileMessage>(_protector.Unprotect(value));
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return null;
        }
    }

    /// <summary><c>cc.m.flash</c> for <c>/m</c>, <c>cc.work.flash</c> for <c>/work</c>.</summary>
    private static string CookieNameOf(string console) => $"cc.{console.Trim('/')}.flash";

    private static CookieOptions Options(HttpContext http, string console) => new()
    {
        Path = console,
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        MaxAge = Lifetime,
        IsEssential = true,
    };
}
