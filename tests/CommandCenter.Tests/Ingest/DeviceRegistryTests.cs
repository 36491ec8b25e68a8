using System.Text.Json;
using CommandCenter.Protocol;
using CommandCenter.Testing;
using CommandCenter.TelemetryIngest;
using CommandCenter.TelemetryIngest.Devices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace CommandCenter.Tests.Ingest;

public sealed class DeviceRegistryTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-registry-").FullName;
    private readonly FakeTimeProvider _time = new(Now);
    private readonly DeviceRegistry _registry;

    public DeviceRegistryTests()
    {
        TestDevices.WriteRegistryTo(_folder);
        _registry = new DeviceRegistry(
            Options.Create(new DataOptions { Path = _folder }), Options.Create(new DeviceAuthOptions()), _time, NullLogger<DeviceRegistry>.Instance);
        _registry.Load();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Authenticate_RegisteredDeviceWithItsSecret_IsAccepted()
    {
        var id = TestDevices.ElevatorId(1);

        var result = _registry.Authenticate(id, TestDevices.SecretFor(id));

        result.IsAuthenticated.ShouldBeTrue();
        result.Device!.Kind.ShouldBe(DeviceKind.Elevator);
    }

    [Theory]
    [InlineData("EL-T0001", "wrong", "wrong secret for device 'EL-T0001'")]
    [InlineData("EL-GHOST", "secret-EL-GHOST", "device 'EL-GHOST' is not registered")]
    [InlineData(null, null, "no username")]
    public void Authenticate_UnknownDeviceOrWrongSecret_IsRefusedWithReason(string? user, string? password, string reason)
    {
        var result = _registry.Authenticate(user, password);

        result.IsAuthenticated.ShouldBeFalse();
        result.Refusal.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Authenticate_DeviceRetiredByACityImport_IsRefusedSayingWhenAndWhichImport()
    {
        var id = TestDevices.ElevatorId(1);

        _registry.Update((devices, retired) =>
        {
            devices.RemoveAll(d => d.Id == id);
            retired.Add(new RetiredDevice(id, DeviceKind.Elevator, Now, "city import 20261125T080000Z-abc123"));
            return null;
        }).ShouldBeNull();

        _registry.Authenticate(id, TestDevices.SecretFor(id)).Refusal.ShouldBe(
            $"device '{id}' was retired from the city at 2026-11-25 08:00:00 UTC (city import 20261125T080000Z-abc123) and may no longer connect or publish");
        _registry.FindRetired(id)!.Kind.ShouldBe(DeviceKind.Elevator);
    }

    [Fact]
    public void Update_AfterARetirement_KeepsTheRetiredListAndARegisteredAgainDeviceIsNoLongerRetired()
    {
        var (retiredId, keptId) = (TestDevices.ElevatorId(1), TestDevices.ElevatorId(2));
        _registry.Update((devices, retired) =>
        {
            devices.RemoveAll(d => d.Id == retiredId || d.Id == keptId);
            retired.Add(new RetiredDevice(retiredId, DeviceKind.Elevator, Now, "city import A"));
            retired.Add(new RetiredDevice(keptId, DeviceKind.Elevator, Now, "city import A"));
            return null;
        });

        // An edit that knows nothing of retirements (the devices page) keeps them; registering one again lifts its retirement.
        _registry.Update(devices =>
        {
            devices.Add(DeviceSecrets.Register(keptId, DeviceKind.Elevator, "new-secret"));
            return null;
        }).ShouldBeNull();

        _registry.FindRetired(retiredId).ShouldNotBeNull();
        _registry.FindRetired(keptId).ShouldBeNull();
        _registry.Authenticate(keptId, "new-secret").IsAuthenticated.ShouldBeTrue();
        _registry.RefusalOf("EL-GHOST").ShouldBe("device 'EL-GHOST' is not registered");
    }

    [Fact]
    public void Authenticate_RegistryFileChanged_PicksUpNewDevicesWithoutRestart()
    {
        var file = TestDevices.Registry();
        var added = file with { Devices = [.. file.Devices, DeviceSecrets.Register("EL-NEW", DeviceKind.Elevator, "s3cret")] };
        File.WriteAllBytes(_registry.FilePath, JsonSerializer.SerializeToUtf8Bytes(added, ProtocolJson.Default.DeviceRegistryFile));
        File.SetLastWriteTimeUtc(_registry.FilePath, DateTime.UtcNow.AddMinutes(1));

        _time.Advance(TimeSpan.FromSeconds(6));

        _registry.Authenticate("EL-NEW", "s3cret").IsAuthenticated.ShouldBeTrue();
    }

    public static TheoryData<string, MessageKind, IWireMessage, string?> Publications()
    {
        var ts = Now;
        var el1 = TestDevices.ElevatorId(1);
        var el15 = TestDevices.ElevatorId(15);
        return new()
        {
            { el1, MessageKind.ElevatorStatus, StatusJson.Report(el1, 1, 2, ts), null },
            { el1, MessageKind.ElevatorStatus, StatusJson.Report(TestDevices.ElevatorId(2), 1, 2, ts), "may publish only under its own id, not 'EL-T0002'" },
            { el1, MessageKind.BerthState, new BerthStateReport(1, el1, 1, ts, true, 3600, -80), "is registered as elevator and may not publish BerthState messages" },
            { TestDevices.FirstApp, MessageKind.DailyCheck, Daily(TestDevices.FirstApp, el1, ts), null },
            { TestDevices.FirstApp, MessageKind.DailyCheck, Daily(TestDevices.FirstApp, el15, ts), "app 'APP-T01' is not assigned elevator 'EL-T0015'" },
            { TestDevices.SecondApp, MessageKind.DailyCheck, Daily(TestDevices.SecondApp, el15, ts), null },
            { TestDevices.FirstApp, MessageKind.MonthlyScheduling, new MonthlySchedulingRecord(1, TestDevices.FirstApp, 1, ts, "UNIT-T02", 2026, 11, "Li", "m", "n"), "app 'APP-T01' is not assigned user unit 'UNIT-T02'" },
        };
    }

    [Theory]
    [MemberData(nameof(Publications))]
    public void Authorize_Publication_AllowsOwnTopicsAndAssignedElevatorsOnly(string publisher, MessageKind kind, IWireMessage message, string? denial)
    {
        var device = _registry.Authenticate(publisher, TestDevices.SecretFor(publisher)).Device!;

        var result = DeviceRegistry.Authorize(device, kind, message);

        if (denial is null)
        {
            result.ShouldBeNull();
        }
        else
        {
            result.ShouldNotBeNull().ShouldContain(denial);
        }
    }

    private static DailyCheckRecord Daily(string app, string elevator, DateTimeOffset ts) =>
        new(1, app, 1, ts, elevator, DateOnly.FromDateTime(ts.UtcDateTime), "Wang", true, []);
}
