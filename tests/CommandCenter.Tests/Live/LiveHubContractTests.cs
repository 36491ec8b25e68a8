using System.Reflection;
using System.Text.Json;
using CommandCenter.Alarms;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Live;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CommandCenter.Tests.Live;

/// <summary>
/// The hub's contract (<see cref="ILiveHub"/>, <see cref="ILiveClient"/>, <see cref="LiveHubNames"/>) is what
/// the hub does: a method added to the hub outside the contract, or an event renamed, fails here, not in a client.
/// </summary>
public sealed class LiveHubContractTests
{
    private static readonly LiveWire Wire = new(new StringLocalizer<AlarmText>(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance)));

    [Fact]
    public void CallableMethods_OfTheLiveHub_AreExactlyTheContractsJoins()
    {
        var methods = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName)
            .Select(method => method.Name);

        methods.Order().ShouldBe(typeof(ILiveHub).GetMethods().Select(method => method.Name).Order());
        methods.Order().ShouldBe(new[] { LiveHubNames.JoinWall, LiveHubNames.JoinFirm, LiveHubNames.JoinArea, LiveHubNames.JoinSecurityAlerts }.Order());
    }

    [Fact]
    public void Events_OfTheClientContract_KeepTheirDocumentedWireNames()
    {
        var names = typeof(ILiveClient).GetMethods().Select(method => method.GetCustomAttribute<HubMethodNameAttribute>()?.Name ?? method.Name);

        names.Order().ShouldBe(["alarmChanged", "elevatorsChanged", "throttled"]);
    }

    [Fact]
    public void AlarmChanged_ForAPhoneReportedAlarm_CarriesTheFieldsClientsRead()
    {
        var at = new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero);
        var alarm = new AlarmSnapshot(
            "EL-0001/11/20261206100000", "EL-0001", "11", "trapped passenger", AlarmSeverity.Critical, AlarmStatus.Responded, at, 7, "G-1", "D-1",
            [new AlarmDispatch("FIRM-A", at, at.AddMinutes(30), "first")],
            [new AlarmStep(AlarmStatus.Occurred, at, "system", null), new AlarmStep(AlarmStatus.Responded, at.AddMinutes(1), "firm-a", "on our way")],
            null, false, null, AlarmSource.Phone, new AlarmCaller("王女士", "13800000000", null));

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Wire.ToWire(alarm), JsonSerializerOptions.Web));
        var root = json.RootElement;

        root.GetProperty("status").GetString().ShouldBe("Responded");
        root.GetProperty("severity").GetString().ShouldBe("Critical");
        root.GetProperty("source").GetString().ShouldBe("Phone");
        root.GetProperty("firmId").GetString().ShouldBe("FIRM-A");
        root.GetProperty("arrivalDueAt").GetDateTimeOffset().ShouldBe(at.AddMinutes(30));
        root.GetProperty("isOpen").GetBoolean().ShouldBeTrue();
        root.GetProperty("steps").GetArrayLength().ShouldBe(2);
        root.GetProperty("caller").GetProperty("phone").GetString().ShouldBe("13800000000");
        root.GetProperty("description").GetString().ShouldBe("困人", "pushed to a whole group, texts are in the product's default language");
        root.GetProperty("dispatches")[0].GetProperty("reason").GetString().ShouldBe("first", "a dispatch from before reason codes keeps its stored reason");
        var readBack = JsonSerializer.Deserialize<LiveAlarm>(root.GetRawText(), JsonSerializerOptions.Web);
        JsonSerializer.Serialize(readBack, JsonSerializerOptions.Web).ShouldBe(root.GetRawText());
    }
}
