using System.ComponentModel.DataAnnotations;
using System.Net;
using CommandCenter.Https;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Shouldly;

namespace CommandCenter.Tests.Https;

public sealed class HttpsOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValidAndLeaveHttpsOff()
    {
        var options = new HttpsOptions();

        Validate(options).ShouldBeEmpty();
        options.IsEnabled.ShouldBeFalse();
        options.Url.ShouldBe("https://0.0.0.0:5443");
    }

    [Fact]
    public void Validate_SeveralMistakes_ReportsEveryOneAtOnce()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"cc-missing-{Guid.NewGuid():N}");
        var options = new HttpsOptions
        {
            Port = 0,
            BindAddress = "::",
            CertificatePath = missing + ".crt",
            KeyPath = missing + ".key",
        };

        var errors = Validate(options);

        errors.SelectMany(e => e.MemberNames).ShouldBe(
            [nameof(HttpsOptions.Port), nameof(HttpsOptions.BindAddress), nameof(HttpsOptions.CertificatePath), nameof(HttpsOptions.KeyPath)],
            ignoreOrder: true);
        errors.ShouldContain(e => e.ErrorMessage!.Contains(missing + ".key"));
    }

    [Fact]
    public void Validate_ProxiesThatAreNotAddressesOrRanges_ReportsEachOne()
    {
        var options = new ReverseProxyOptions { KnownProxies = ["10.20.0.5", "proxy.example"], KnownNetworks = ["10.20.0.0/24", "10.20.0.0/33"] };

        var errors = Validate(options);

        errors.Select(e => e.ErrorMessage).ShouldBe(
            ["KnownProxies: 'proxy.example' is not an IP address", "KnownNetworks: '10.20.0.0/33' is not a CIDR range such as 10.20.0.0/24"],
            ignoreOrder: true);
    }

    [Fact]
    public void ApplyTo_ConfiguredProxies_TrustsThemAndNothingElse()
    {
        var forwarded = new ForwardedHeadersOptions();
        forwarded.KnownProxies.Count.ShouldBe(1, "ASP.NET Core trusts loopback by default");

        new ReverseProxyOptions { KnownProxies = ["10.20.0.5"], KnownNetworks = ["192.168.7.0/24"] }.ApplyTo(forwarded);

        forwarded.KnownProxies.ShouldBe([IPAddress.Parse("10.20.0.5")]);
        forwarded.KnownIPNetworks.ShouldBe([System.Net.IPNetwork.Parse("192.168.7.0/24")]);
        forwarded.ForwardedHeaders.ShouldBe(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
    }

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
