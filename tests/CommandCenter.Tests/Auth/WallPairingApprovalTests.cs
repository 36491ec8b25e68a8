using System.Globalization;
using CommandCenter.Audit;
using CommandCenter.Auth;
using CommandCenter.Auth.Store;
using CommandCenter.Components.Admin;
using CommandCenter.Testing;
using CommandCenter.Tests.Relational;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Shouldly;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// An admin approving a wall screen's code at <c>/admin/walls</c>, on the identity store the server uses
/// (SQLite in a temporary data folder, which unlike PostgreSQL would keep an over-long name): the screen's
/// name is 1 to 100 characters, and a refusal says so in the admin's language and leaves the code waiting.
/// </summary>
public sealed class WallPairingApprovalTests() : StoreTests(TestCity.CreateDataFolder())
{
    private const string Code = "ABCD2345";
    private static readonly AuditActor Admin = new("admin", Roles.Admin, "127.0.0.1");
    protected override ServiceProvider BuildServices() => HostCommands.Build([$"--Data:Path={DataFolder}"]);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync(AuditActor.HostAccount(), "hall-wall", Roles.Wall, "city", [])).Succeeded.ShouldBeTrue();
        var store = scope.ServiceProvider.GetRequiredService<IdentityStore>();
        store.WallPairings.Add(new WallPairing { Code = Code, SecretHash = new string('0', 64), CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(10) });
        await store.SaveChangesAsync(Ct);
    }

    [Theory]
    [InlineData("zh-CN", "屏幕名称最多 100 个字符，现为 101 个")]
    [InlineData("en", "a screen name has at most 100 characters; this one has 101")]
    public async Task Approve_ScreenNameOf101Characters_IsRefusedInTheAdminsLanguageAndTheCodeStillWaits(string culture, string refusal)
    {
        var problem = await ApproveAsync(new string('北', 101), culture);

        problem.ShouldBe(refusal);
        (await PairingAsync()).WallUserId.ShouldBeNull();
    }

    [Fact]
    public async Task Approve_ScreenNameOfBlanks_IsRefused()
    {
        (await ApproveAsync("   ", "zh-CN")).ShouldStartWith("请填写屏幕名称");
        (await PairingAsync()).WallUserId.ShouldBeNull();
    }

    [Fact]
    public async Task Approve_ScreenNameOf100CharactersAfterTrimming_IsStored()
    {
        var name = new string('北', 100);

        var problem = await ApproveAsync($"  {name}  ", "zh-CN");

        problem.ShouldBeNull();
        (await PairingAsync()).ScreenName.ShouldBe(name);
    }

    private async Task<string?> ApproveAsync(string screenName, string culture)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            await using var localization = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
            await using var scope = Services.CreateAsyncScope();
            return await WallPairingEndpoints.ApproveAsync(
                scope.ServiceProvider.GetRequiredService<IdentityStore>(), scope.ServiceProvider.GetRequiredService<AuditLog>(),
                localization.GetRequiredService<IStringLocalizer<AdminText>>(), Admin, Code, "hall-wall", screenName, TimeProvider.System, Ct);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private async Task<WallPairing> PairingAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityStore>().WallPairings.AsNoTracking().SingleAsync(p => p.Code == Code, Ct);
    }
}
