using Microsoft.Extensions.Options;

namespace CommandCenter.Referrals;

/// <summary>
/// The <c>Referrals</c> section: where the 12345 hotline's outcome callbacks may go. Callback URLs themselves are
/// set by an admin (<c>/api/admin/referrals/clients</c>); retries and the delivery log are the notification outbox's.
/// </summary>
public sealed class ReferralOptions
{
    public const string Section = "Referrals";

    /// <summary>
    /// Lets callback URLs resolve to private, link-local and loopback addresses (a hotline inside the same
    /// private network, or a test's receiver). Off: such a target is refused when set and again at every send.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// A PEM file with a CA certificate that callback servers' certificates may also chain to, for a hotline
    /// whose HTTPS is issued by a private (government network) CA; the system's roots are trusted either way.
    /// </summary>
    public string? TrustedCaFile { get; set; }
}

/// <summary>Refuses a trusted CA file that is not there or not a certificate at start, not at the first callback.</summary>
public sealed class ReferralOptionsValidator : IValidateOptions<ReferralOptions>
{
    public ValidateOptionsResult Validate(string? name, ReferralOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.TrustedCaFile))
        {
            return ValidateOptionsResult.Success;
        }

        if (!File.Exists(options.TrustedCaFile))
        {
            return ValidateOptionsResult.Fail($"Referrals:TrustedCaFile '{options.TrustedCaFile}' does not exist.");
        }

        try
        {
            using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(options.TrustedCaFile));
            return ValidateOptionsResult.Success;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return ValidateOptionsResult.Fail($"Referrals:TrustedCaFile '{options.TrustedCaFile}' is not a PEM certificate: {ex.Message}");
        }
    }
}
