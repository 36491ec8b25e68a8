using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CommandCenter.Components.Pages;

/// <summary>
/// The console login: a plain HTML form posted to the sign-in endpoint (cookies can only be set on
/// an HTTP response), with an antiforgery token. A signed-in user sent here by an access check is
/// told which account they are using instead.
/// </summary>
public sealed partial class Login : ComponentBase
{
    private ClaimsPrincipal? _user;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = default!;

    [SupplyParameterFromQuery]
    public string? ReturnUrl { get; set; }

    /// <summary>Set by the sign-in endpoint when the name or password was wrong.</summary>
    [SupplyParameterFromQuery]
    public string? Error { get; set; }

    protected override async Task OnParametersSetAsync() => _user = (await Authentication).User;
}
