using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace CommandCenter.Localization;

/// <summary>
/// Texts of pages and server messages come from .resx files through <c>IStringLocalizer</c>: the
/// neutral file is English, <c>.zh-CN.resx</c> is Chinese. Chinese is the default; a browser that
/// asks for English (Accept-Language), <c>?ui-culture=en</c> or the culture cookie gets English.
/// Only the UI culture changes: numbers and dates keep the invariant format the rest of the product
/// (and its tests) rely on.
/// </summary>
public static class LocalizationExtensions
{
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
        });
        return builder;
    }

    public static WebApplication UseProductLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }
}
