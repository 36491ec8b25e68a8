using System.Net;
using System.Security.Cryptography.X509Certificates;
using CommandCenter.Observability;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Certificates;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CommandCenter.Https;

/// <summary>
/// HTTPS for the web tier: an HTTPS port beside the plain HTTP of <c>urls</c>, HSTS, <c>Secure</c> cookies
/// on HTTPS, plain HTTP from the network sent to HTTPS, and forwarded headers from configured proxies only.
/// </summary>
public static class HttpsExtensions
{
    public static WebApplicationBuilder AddHttps(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<HttpsOptions>().BindConfiguration(HttpsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxies) => proxies.Value.ApplyTo(forwarded));
        services.AddOptions<HttpsRedirectionOptions>().Configure<IOptions<HttpsOptions>>((redirection, https) => redirection.HttpsPort = https.Value.Port);

        // Not Always: plain HTTP on loopback stays usable (tests, a local browser), and a browser drops a
        // Secure cookie set over plain HTTP. Antiforgery's own cookie would not be Secure even on HTTPS.
        services.Configure<CookiePolicyOptions>(cookies => cookies.Secure = CookieSecurePolicy.SameAsRequest);

        // The URLs are settled before the host is built, so this one reading comes from the configuration itself.
        var configured = builder.Configuration.GetSection(HttpsOptions.Section).Get<HttpsOptions>() ?? new HttpsOptions();
        if (configured.IsEnabled)
        {
            AddHttpsUrl(builder, configured);
        }

        return builder;
    }

    /// <summary>
    /// Forwarded headers, HSTS, the redirection of plain HTTP from the network and Secure cookies;
    /// first in the pipeline, so that everything after sees the client's address and scheme.
    /// </summary>
    public static WebApplication UseHttps(this WebApplication app)
    {
        // The options are read per request, not while the pipeline is declared: that comes before the
        // start-up validation, which reports every bad option of every feature at once.
        var proxies = app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>();
        var https = app.Services.GetRequiredService<IOptions<HttpsOptions>>();
        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>();

        // ASP.NET Core's forwarded headers middleware with no known proxy at all believes every peer.
        app.UseWhen(_ => proxies.Value.IsConfigured, trusted => trusted.UseForwardedHeaders());

        // Only on HTTPS responses, and not to localhost: a browser would then refuse plain HTTP on every
        // port of localhost, the loopback HTTP included.
        app.UseHsts();

        // 307 (ASP.NET Core's default): the method and body are kept, and nothing is cached by the
        // browser that would outlive a change of port; HSTS is what makes HTTPS stick.
        app.UseWhen(context => https.Value.IsEnabled && IsPlainHttpFromTheNetwork(context, metrics.Value.Port), redirected => redirected.UseHttpsRedirection());

        app.UseCookiePolicy();
        return app;
    }

    /// <summary>
    /// The HTTPS endpoint joins <c>urls</c> (from <c>--urls</c>, <c>ASPNETCORE_URLS</c> or appsettings),
    /// and its certificate is Kestrel's HTTPS default. Endpoints configured in code or under
    /// <c>Kestrel:Endpoints</c> would make Kestrel ignore <c>urls</c>, and with it the plain HTTP that
    /// run.sh and the tests give on the command line.
    /// </summary>
    private static void AddHttpsUrl(WebApplicationBuilder builder, HttpsOptions https)
    {
        builder.AddServerUrl(https.Url);

        // Kestrel's options are made as the application is built, before the start-up validation; the
        // certificate is loaded only as the HTTPS endpoint is bound, after it.
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<HttpsOptions>, IOptions<DataOptions>, TimeProvider, ILogger<HttpsOptions>>((kestrel, options, data, time, logger) =>
                kestrel.ConfigureHttpsDefaults(defaults => defaults.ServerCertificate = LoadCertificate(options.Value, data.Value, time, logger)));
    }

    private static X509Certificate2 LoadCertificate(HttpsOptions https, DataOptions data, TimeProvider time, ILogger logger)
    {
        var certificate = https.LoadCertificate(data, time);
        if (https.UsesDemoAuthority)
        {
            logger.LogInformation("Demo certificate authority: browsers trust {CaFile}", DemoCertificateAuthority.CaCertificateIn(data));
        }

        logger.LogInformation("HTTPS on {Url} with certificate {Subject} (expires {NotAfter:yyyy-MM-dd})", https.Url, certificate.Subject, certificate.NotAfter);
        return certificate;
    }

    /// <summary>
    /// One more URL for Kestrel beside those of <c>urls</c> (from <c>--urls</c>, <c>ASPNETCORE_URLS</c> or appsettings): the
    /// configuration is read as it stands, so each feature that adds a listener keeps the others'.
    /// </summary>
    public static void AddServerUrl(this WebApplicationBuilder builder, string url)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        builder.WebHost.UseUrls([.. urls, url]);
    }

    /// <summary>
    /// Plain HTTP that came in on an address other than loopback; loopback stays HTTP for local use, and so does the
    /// metrics port (<c>Metrics:Port</c>), which scrapers reach over plain HTTP by design.
    /// </summary>
    private static bool IsPlainHttpFromTheNetwork(HttpContext context, int? metricsPort) =>
        !context.Request.IsHttps
        && context.Connection.LocalPort != metricsPort
        && context.Connection.LocalIpAddress is { } local
        && !IPAddress.IsLoopback(local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local);
}
