using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using CommandCenter.Protocol;
using Microsoft.Extensions.Options;

namespace CommandCenter.Referrals;

/// <summary>
/// Where a callback may go: HTTPS only, and unless <see cref="ReferralOptions.AllowPrivateTargets"/> only to
/// public addresses. A host is resolved and every address it has is checked, when an admin sets the URL and again
/// at every send; at send time the connection is made to the very addresses checked (the HTTP client's connect
/// callback), so a name that resolves to a public address for the check and a private one for the connection
/// (DNS rebinding) gets nowhere.
/// </summary>
public sealed class CallbackTargets(IOptions<ReferralOptions> options)
{
    public const string HttpClientName = "referral-callbacks";

    /// <summary>What is wrong with the URL as a callback target, or null when it may be used.</summary>
    public async Task<CallbackRefusal?> CheckAsync(string? url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return new CallbackRefusal(CallbackRefusalKind.NotHttps, url ?? "");
        }

        try
        {
            var addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
            return addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused ? new CallbackRefusal(CallbackRefusalKind.PrivateAddress, refused.ToString()) : null;
        }
        catch (SocketException)
        {
            return new CallbackRefusal(CallbackRefusalKind.Unresolved, uri.Host);
        }
    }

    /// <summary>Public addresses always; private, link-local, loopback and other special ranges only when allowed.</summary>
    public bool IsAllowed(IPAddress address) => options.Value.AllowPrivateTargets || IsPublic(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and < 128)     // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)                 // link-local
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, documentation
                || (b[0] == 198 && b[1] is 18 or 19));          // benchmarking
        }

        var bytes = address.GetAddressBytes();
        return !(IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast || address.IsIPv6UniqueLocal || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8)
            || (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b)); // documentation, NAT64
    }

    /// <summary>The handler of <see cref="HttpClientName"/>: connects only to checked addresses, follows no redirect, trusts the configured CA too.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectCallback = ConnectAsync,
        };
        if (options.Value.TrustedCaFile is { Length: > 0 } caFile)
        {
            var authority = CertificateTrust.LoadCa(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || CertificateTrust.IsServerOf(authority, certificate, errors);
        }

        return handler;
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused)
        {
            throw new HttpRequestException($"callback host {context.DnsEndPoint.Host} resolves to {refused}, a private, link-local or loopback address (Referrals:AllowPrivateTargets is off)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}

public enum CallbackRefusalKind
{
    NotHttps,
    PrivateAddress,
    Unresolved,
}

/// <summary>Why a callback URL was refused; <see cref="Detail"/> is the URL, the refused address or the host.</summary>
public sealed record CallbackRefusal(CallbackRefusalKind Kind, string Detail);
