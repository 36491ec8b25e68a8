using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace CommandCenter.Https;

/// <summary>
/// Reverse proxies in front of the web tier (<c>ForwardedHeaders</c>). Their <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed, so sign-in logs and rate limits see the client's address and
/// cookies the client's scheme; from any other peer these headers are ignored.
/// </summary>
public sealed class ReverseProxyOptions : IValidatableObject
{
    public const string Section = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>10.20.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Ranges the proxies are in (CIDR), e.g. <c>10.20.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    /// <summary>Trusts exactly the configured proxies; ASP.NET Core's loopback defaults are dropped.</summary>
    public void ApplyTo(ForwardedHeadersOptions forwarded)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var range in KnownNetworks)
        {
            forwarded.KnownIPNetworks.Add(IPNetwork.Parse(range));
        }

        // Behind a chain of configured proxies (a load balancer behind a CDN) the client is the first
        // address from the right that none of them has: each entry is taken only because the hop that
        // wrote it is trusted, so a client's own X-Forwarded-For is never reached.
        forwarded.ForwardLimit = null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies.Where(proxy => !IPAddress.TryParse(proxy, out _)))
        {
            yield return new ValidationResult($"KnownProxies: '{proxy}' is not an IP address", [nameof(KnownProxies)]);
        }

        foreach (var range in KnownNetworks.Where(range => !IPNetwork.TryParse(range, out _)))
        {
            yield return new ValidationResult($"KnownNetworks: '{range}' is not a CIDR range such as 10.20.0.0/24", [nameof(KnownNetworks)]);
        }
    }
}
