using System.Net;

namespace CommandCenter.Hosting;

/// <summary>
/// The web tier's addresses. The MQTT listeners live on Kestrel too, and Kestrel ignores the
/// <c>urls</c> setting once any endpoint is configured in code, so the configured URLs are bound
/// here explicitly beside them (same meaning: <c>--urls http://127.0.0.1:5080</c>, or <c>Urls</c>).
/// </summary>
public static class WebEndpointsExtensions
{
    private const string DefaultUrls = "http://127.0.0.1:5080";

    public static WebApplicationBuilder AddWebEndpoints(this WebApplicationBuilder builder)
    {
        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        var addresses = (string.IsNullOrWhiteSpace(urls) ? DefaultUrls : urls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(BindingAddress.Parse)
            .ToArray();

        // Bound below instead; left in place, Kestrel would warn that it overrides them.
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, "");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in addresses)
            {
                Listen(kestrel, address);
            }
        });
        return builder;
    }

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, BindingAddress address)
    {
        if (!string.Equals(address.Scheme, "http", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Web address '{address}': only http:// is served here; put TLS in front or see docs/operations.md");
        }

        if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port);
        }
        else
        {
            // '*', '+' and host names mean every interface, as they do for Kestrel's own urls.
            kestrel.ListenAnyIP(address.Port);
        }
    }
}
