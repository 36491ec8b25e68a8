using CommandCenter.TelemetryIngest.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Storage;

public sealed class InfluxOptionsValidatorTests
{
    private readonly InfluxOptionsValidator _validator = new();

    [Fact]
    public void Validate_V2WithoutTokenAndOrg_ReportsBothErrorsAtOnce()
    {
        var result = _validator.Validate(null, new InfluxOptions { Version = InfluxApiVersion.V2, Token = " " });

        result.Failed.ShouldBeTrue();
        result.Failures.Count().ShouldBe(2);
        result.FailureMessage.ShouldContain("Influx:Token is required");
        result.FailureMessage.ShouldContain("Influx:Org is required");
    }

    [Theory]
    [InlineData(InfluxApiVersion.Auto, null, null)]
    [InlineData(InfluxApiVersion.V1, null, null)]
    [InlineData(InfluxApiVersion.V2, "token", "org")]
    public void Validate_ConsistentSettings_Succeeds(InfluxApiVersion version, string? token, string? org)
    {
        _validator.Validate(null, new InfluxOptions { Version = version, Token = token, Org = org }).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Options_V2ConfiguredWithoutTokenAndOrg_FailsWithBothErrors()
    {
        using var services = InfluxStoreSelectorTests.Services(("Version", "V2"));

        var error = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<InfluxOptions>>().Value);

        error.Failures.Count().ShouldBe(2);
    }
}
