using CommandCenter.Audit;
using CommandCenter.Audit.Store;
using CommandCenter.Auth;
using CommandCenter.Auth.Store;
using CommandCenter.Testing;
using Microsoft.AspNetCore.Identity;
using CommandCenter.Tests.Relational;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// What an admin changes on existing users, on the stores the <c>users</c> host command builds (SQLite in a
/// temporary data folder with the demo city): a new role and scope checked as for a new user, a second factor
/// reset after a lost phone, each ending the user's sessions and recorded with what changed.
/// </summary>
public sealed class UserAdministrationTests() : StoreTests(TestCity.CreateDataFolder())
{
    private static readonly AuditActor NightAdmin = new("night-admin", Roles.Admin, "127.0.0.1");
    protected override ServiceProvider BuildServices() => HostCommands.Build([$"--Data:Path={DataFolder}"]);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        (await AdministerAsync(a => a.AddAsync(AuditActor.HostAccount(), "dispatcher", Roles.Operator, "city", []))).Succeeded.ShouldBeTrue();
        (await AdministerAsync(a => a.AddAsync(AuditActor.HostAccount(), "hotline", Roles.Integration, "city", [ApiScopes.Open311]))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task ChangeRole_ToADistrictOperator_StoresItRenewsTheStampAndAuditsOldToNew()
    {
        var stampBefore = (await UserAsync("dispatcher")).SecurityStamp;

        var result = await AdministerAsync(a => a.ChangeRoleAsync(NightAdmin, "dispatcher", Roles.Operator, $"district/{Shape.District}", []));

        result.Problems.ShouldBeEmpty();
        var user = await UserAsync("dispatcher");
        (user.Role, user.Scope).ShouldBe((Roles.Operator, $"district/{Shape.District}"));
        user.SecurityStamp.ShouldNotBe(stampBefore, "the user's sessions must end so the next request carries the new scope");
        var entry = (await AuditAsync()).Single(e => e.Action == AuditActions.UserRoleChanged);
        (entry.Actor, entry.Target, entry.Detail).ShouldBe(("night-admin", "dispatcher", $"operator, city → operator, district/{Shape.District}"));
    }

    [Theory]
    [InlineData(Roles.GridWorker, "city", "does not fit role")]
    [InlineData(Roles.Operator, "district/999999", "the city has no district")]
    [InlineData("mayor", "city", "is not one of")]
    [InlineData(Roles.Integration, "city", "stays one")]
    public async Task ChangeRole_ThatAddingWouldRefuseOrThatMakesAPersonAClient_IsRefusedAndNothingChanges(string role, string scope, string why)
    {
        var before = await UserAsync("dispatcher");

        var result = await AdministerAsync(a => a.ChangeRoleAsync(NightAdmin, "dispatcher", role, scope, role == Roles.Integration ? [ApiScopes.Open311] : []));

        string.Join("; ", result.Problems).ShouldContain(why);
        var after = await UserAsync("dispatcher");
        (after.Role, after.Scope, after.SecurityStamp).ShouldBe((before.Role, before.Scope, before.SecurityStamp));
        (await AuditAsync()).ShouldNotContain(e => e.Action == AuditActions.UserRoleChanged);
    }

    [Fact]
    public async Task ChangeRole_IntegrationClientsApiScopes_AreCheckedAndChanged()
    {
        var unknown = await AdministerAsync(a => a.ChangeRoleAsync(NightAdmin, "hotline", Roles.Integration, "city", ["payroll"]));
        var none = await AdministerAsync(a => a.ChangeRoleAsync(NightAdmin, "hotline", Roles.Integration, "city", []));
        var changed = await AdministerAsync(a => a.ChangeRoleAsync(NightAdmin, "hotline", Roles.Integration, "city", [ApiScopes.Open311, ApiScopes.Monitoring]));

        string.Join("; ", unknown.Problems).ShouldContain("API scope 'payroll' is not one of");
        string.Join("; ", none.Problems).ShouldContain("needs at least one API scope");
        changed.Succeeded.ShouldBeTrue();
        (await UserAsync("hotline")).ApiScopes.ShouldBe($"{ApiScopes.Open311} {ApiScopes.Monitoring}");
        (await AuditAsync()).Single(e => e.Action == AuditActions.UserRoleChanged).Detail
            .ShouldBe($"integration, city, API scopes {ApiScopes.Open311} → integration, city, API scopes {ApiScopes.Open311} {ApiScopes.Monitoring}");
    }

    [Fact]
    public async Task ResetSecondFactor_LostPhone_TurnsItOffWithANewKeyEndsSessionsAndIsAudited()
    {
        var before = await WithSecondFactorAsync("dispatcher");

        var result = await AdministerAsync(a => a.ResetSecondFactorAsync(NightAdmin, "dispatcher"));

        result.Problems.ShouldBeEmpty();
        var after = await UserAsync("dispatcher");
        after.TwoFactorEnabled.ShouldBeFalse();
        after.SecurityStamp.ShouldNotBe(before.Stamp);
        (await KeyOfAsync("dispatcher")).ShouldNotBe(before.Key, "codes from the lost phone must not work once it is set up again");
        (await AuditAsync()).ShouldContain(e => e.Action == AuditActions.SecondFactorReset && e.Target == "dispatcher" && e.Actor == "night-admin");
    }

    [Fact]
    public async Task OwnAccount_AnAdminChangingTheirOwnRoleOrSecondFactor_IsRefused_TheHostMayDoIt()
    {
        (await AdministerAsync(a => a.AddAsync(AuditActor.HostAccount(), "night-admin", Roles.Admin, "city", []))).Succeeded.ShouldBeTrue();
        var before = await WithSecondFactorAsync("night-admin");

        var ownRole = await AdministerAsync(a => a.ChangeRoleAsync(NightAdmin, "night-admin", Roles.Operator, "city", []));
        var ownFactor = await AdministerAsync(a => a.ResetSecondFactorAsync(NightAdmin, "night-admin"));

        string.Join("; ", ownRole.Problems).ShouldContain("not on your own account");
        string.Join("; ", ownFactor.Problems).ShouldContain("not on your own account");
        var unchanged = await UserAsync("night-admin");
        (unchanged.Role, unchanged.TwoFactorEnabled, unchanged.SecurityStamp).ShouldBe((Roles.Admin, true, before.Stamp));
        (await AdministerAsync(a => a.ResetSecondFactorAsync(AuditActor.HostAccount(), "night-admin"))).Succeeded.ShouldBeTrue();
        (await UserAsync("night-admin")).TwoFactorEnabled.ShouldBeFalse();
    }

    private async Task<AdministrationResult> AdministerAsync(Func<UserAdministration, Task<AdministrationResult>> change)
    {
        await using var scope = Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    /// <summary>The user as the store has it now, read in a scope of its own.</summary>
    private async Task<CommandCenterUser> UserAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<CommandCenterUser>>().FindByNameAsync(name))!;
    }

    private async Task<string?> KeyOfAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CommandCenterUser>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(name))!);
    }

    /// <summary>Turns the user's second factor on as <c>/account/security</c> does: a key, then the factor.</summary>
    private async Task<(string Key, string? Stamp)> WithSecondFactorAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CommandCenterUser>>();
        var user = (await users.FindByNameAsync(name))!;
        (await users.ResetAuthenticatorKeyAsync(user)).Succeeded.ShouldBeTrue();
        (await users.SetTwoFactorEnabledAsync(user, true)).Succeeded.ShouldBeTrue();
        return ((await users.GetAuthenticatorKeyAsync(user))!, user.SecurityStamp);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AuditStore>().Entries.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct);
    }
}
