using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CommandCenter.Localization;

/// <summary>
/// Texts of pages and server messages come from .resx files through <c>IStringLocalizer</c>: the
/// neutral file is English, <c>.zh-CN.resx</c> is Chinese. Chinese is the default. <c>?lang=en</c> (or
/// <c>?lang=zh-CN</c>) on any page chooses the language and is remembered in the culture cookie, so the
/// pages after it, and the live page's circuit, keep it; without either, a browser that asks for English
/// (Accept-Language) gets English. Only the UI culture changes: numbers and dates keep the invariant
/// format the rest of the product (and its tests) rely on.
/// </summary>
public static class LocalizationExtensions
{
    /// <summary>The query parameter that chooses the language of a page and of those after it.</summary>
    public const string LanguageParameter = "lang";

    public static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static WebApplicationBuilder AddProductLocalization(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(CultureInfo.InvariantCulture, Chinese);
            options.SupportedCultures = [CultureInfo.InvariantCulture];
            options.SupportedUICultures = [Chinese, English];
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders.Insert(0, new QueryStringRequestCultureProvider { QueryStringKey = LanguageParameter, UIQueryStringKey = LanguageParameter });
        });
        return builder;
    }

    public static WebApplication UseProductLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use(async (context, next) =>
        {
            if (context.Request.Query.ContainsKey(LanguageParameter))
            {
                RememberLanguage(context);
            }

            await next(context);
        });
        return app;
    }

    /// <summary>Keeps the language <c>?lang=</c> chose (one the product has) for a year, for every page after this one.</summary>
    private static void RememberLanguage(HttpContext context)
    {
        var chosen = context.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        if (chosen is null || !string.Equals(context.Request.Query[LanguageParameter], chosen.Name, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        context.Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(CultureInfo.InvariantCulture, chosen)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true, Secure = context.Request.IsHttps });
    }
}
