using System.ComponentModel.DataAnnotations;
using CommandCenter.TelemetryIngest.Broker;
using Shouldly;

namespace CommandCenter.Tests.ExternalBroker;

public sealed class MqttBrokerOptionsTests
{
    [Fact]
    public void Validate_ExternalModeWithSeveralMistakes_ReportsEveryOneAtOnce()
    {
        var options = new MqttBrokerOptions
        {
            Mode = MqttMode.External,
            ExternalHost = " ",
            ExternalPort = 0,
            ExternalPassword = "secret",
            SharedSubscriptionGroup = "cc/ingest",
            ClientId = "",
            SessionExpiry = TimeSpan.Zero,
        };

        var errors = Validate(options);

        errors.SelectMany(e => e.MemberNames).ShouldBe(
            [
                nameof(MqttBrokerOptions.ExternalHost),
                nameof(MqttBrokerOptions.ExternalPort),
                nameof(MqttBrokerOptions.ExternalUsername),
                nameof(MqttBrokerOptions.ExternalPassword),
                nameof(MqttBrokerOptions.SharedSubscriptionGroup),
                nameof(MqttBrokerOptions.ClientId),
                nameof(MqttBrokerOptions.SessionExpiry),
            ],
            ignoreOrder: true);
    }

    [Fact]
    public void Validate_EmbeddedMode_IgnoresExternalSettings()
    {
        var options = new MqttBrokerOptions { ExternalPort = 0, SharedSubscriptionGroup = "#", ClientId = "" };

        Validate(options).ShouldBeEmpty();
    }

    [Fact]
    public void Defaults_ExternalMode_AreValidAndNameThisProcess()
    {
        var options = new MqttBrokerOptions { Mode = MqttMode.External };

        Validate(options).ShouldBeEmpty();
        options.ClientId.ShouldBe($"cc-ingest-{Environment.MachineName}-{Environment.ProcessId}");
        options.SharedSubscriptionGroup.ShouldBe("cc-ingest");
        (options.ExternalHost, options.ExternalPort).ShouldBe(("127.0.0.1", 1883));
    }

    private static List<ValidationResult> Validate(MqttBrokerOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
