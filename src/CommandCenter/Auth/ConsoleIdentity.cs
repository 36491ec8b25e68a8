using System.Security.Claims;

namespace CommandCenter.Auth;

/// <summary>Authorization policies of the consoles, used by pages and endpoints alike.</summary>
public static class ConsolePolicies
{
    /// <summary>The operator desk: operators only.</summary>
    public const string Operator = "console-operator";

    /// <summary>The firm console: firm users (their own firm only) and city-wide operators (any firm), as <see cref="FirmScope.Authorize"/>.</summary>
    public const string FirmConsole = "console-firm";

    /// <summary>The hub's city-wide wall group: city-wide operators and wall screens (<see cref="ConsoleClaims.MayWatchWall"/>).</summary>
    public const string WallWatcher = "hub-wall";

    /// <summary>The wall page: operators and wall screens, each seeing the city or their own area (<see cref="ConsoleClaims.MayOpenWall"/>).</summary>
    public const string WallScreen = "console-wall";

    /// <summary>The hub's district and grid groups: who may watch the wall, for an area the city has.</summary>
    public const string AreaWatcher = "hub-area";

    /// <summary>The hub's firm groups: the firm named by the call's first argument, as <see cref="FirmScope.Authorize"/> allows.</summary>
    public const string FirmWatcher = "hub-firm";

    /// <summary>The hub's security alerts (throttling started): admins with their second factor and city-wide operators.</summary>
    public const string SecurityAlertWatcher = "hub-security-alerts";

    /// <summary>Users, keys, walls and the audit log: admins who signed in with their second factor.</summary>
    public const string Admin = "admin";

    /// <summary>The operations page <c>/ops</c> and <c>GET /api/ops</c>: city-wide operators and admins with their second factor (<see cref="ConsoleClaims.KeepsTheSystem"/>).</summary>
    public const string Operations = "operations";

    /// <summary>Ingest statistics, sequence gaps and dead letters: city-wide operators and API keys with the <c>monitoring</c> scope.</summary>
    public const string Monitoring = "monitoring";

    /// <summary>
    /// <c>/metrics</c>: city-wide operators, admins with their second factor, and API keys with the <c>monitoring</c> scope
    /// (what Prometheus scrapes with: a hashed, revocable key of an integration client, sent as a bearer token).
    /// </summary>
    public const string MetricsReaders = "metrics-readers";

    /// <summary>Alarms and duties: operators (their scope), firms (their own) and user units (their elevators).</summary>
    public const string AlarmReaders = "alarm-readers";

    /// <summary>
    /// An elevator's ledger (一梯一档): who reads its alarms, and wall screens, which show it with phone numbers
    /// masked. Each in their scope (<see cref="UserScopes.SeesElevator"/>).
    /// </summary>
    public const string LedgerReaders = "ledger-readers";

    /// <summary>Alarm handling steps: operators in scope, firms for the alarms dispatched to them.</summary>
    public const string AlarmActors = "alarm-actors";

    /// <summary>Area figures: operators, street and community staff, grid workers and walls, each for their own area.</summary>
    public const string AreaReaders = "area-readers";

    /// <summary>Work orders: operators, street, community and department staff and grid workers, in their scope.</summary>
    public const string TicketReaders = "ticket-readers";

    /// <summary>Reporting a work order: operators, street and community staff, grid workers.</summary>
    public const string TicketReporters = "ticket-reporters";

    /// <summary>Taking a work-order step; which step each role may take is <see cref="Tickets.TicketPermissions"/>.</summary>
    public const string TicketActors = "ticket-actors";

    /// <summary>Evaluating a closed case (回访): operators take down a citizen's on the phone, grid workers give their own as reporters (<see cref="Tickets.TicketPermissions.EvaluationChannelOf"/>).</summary>
    public const string TicketEvaluators = "ticket-evaluators";

    /// <summary>Summoning departments to a case (街乡吹哨): streets, for cases in their street, and operators.</summary>
    public const string Whistlers = "ticket-whistlers";

    /// <summary>The disposal console <c>/work</c> and its forms: department, street and community staff, for what is dispatched to them.</summary>
    public const string DisposalConsole = "console-work";

    /// <summary>Reporting from the street (<c>POST /api/cases</c>) and the mobile pages under <c>/m</c>: grid workers.</summary>
    public const string GridWorkers = "grid-workers";

    /// <summary>Open311 intake: integration clients whose key has the <c>open311</c> scope.</summary>
    public const string Open311Intake = "open311-intake";

    /// <summary>12345 hotline referrals: integration clients whose key has the <c>referrals</c> scope.</summary>
    public const string ReferralIntake = "referral-intake";

    /// <summary>Time-windowed KPIs: operators, street, community and department staff, grid workers and firms, each for their scope.</summary>
    public const string KpiReaders = "kpi-readers";

    /// <summary>Maintenance-firm scores: operators (every firm) and firms (their own; the others' ranks only).</summary>
    public const string FirmScoreReaders = "firm-score-readers";

    /// <summary>The monthly report page and workbook: operators, street and community staff, for their area.</summary>
    public const string ReportReaders = "report-readers";
}

/// <summary>Where the consoles live; the sign-in and sign-out endpoints are posted to by plain HTML forms.</summary>
public static class ConsoleRoutes
{
    public const string Login = "/login";
    public const string SignIn = "/account/login";
    public const string Wall = "/";
    public const string Admin = "/admin";
    public const string SecondFactor = "/login/2fa";
    public const string SignInSecondFactor = "/account/login/2fa";
    public const string Security = "/account/security";
    public const string EnableSecondFactor = "/account/security/2fa";
    public const string CreateAuthenticatorKey = "/account/security/authenticator";
    public const string SignOut = "/logout";
    public const string Desk = "/desk";
    public const string Firm = "/firm";
    public const string Ops = "/ops";

    /// <summary>The grid worker's phone pages: report a case, their cases, verification tasks.</summary>
    public const string MobileReport = "/m/report";
    public const string MobileCases = "/m/cases";
    public const string MobileTasks = "/m/tasks";

    /// <summary>The disposal console of departments, streets and communities (处置工作台).</summary>
    public const string Work = "/work";

    /// <summary>The Orleans Dashboard, for admins.</summary>
    public const string OrleansDashboard = "/orleans";

    /// <summary>
    /// The page a user lands on after signing in; grid workers on their phone's report page, departments, streets and
    /// communities on their disposal console. Roles without a console page of their own yet (unit, integration) land on
    /// the login page, which says who they are signed in as; they work through the API for now.
    /// </summary>
    public static string HomeOf(string? role) => role switch
    {
        Roles.Operator => Desk,
        Roles.Firm => Firm,
        Roles.Wall => Wall,
        Roles.Admin => Admin,
        Roles.GridWorker => MobileReport,
        Roles.Department or Roles.Street or Roles.Community => Work,
        _ => Login,
    };

    public static string HomeOf(ClaimsPrincipal user) => HomeOf(user.RoleOf());

    /// <summary>An elevator's ledger page (一梯一档).</summary>
    public static string LedgerOf(string elevatorId) => $"/elevators/{Uri.EscapeDataString(elevatorId)}";

    public static string FirmConsoleOf(string firmId) => $"{Firm}?firmId={Uri.EscapeDataString(firmId)}";
}

/// <summary>The claims a signed-in user carries (see <see cref="UserClaimsFactory"/>), and how to read them back.</summary>
public static class ConsoleClaims
{
    /// <summary>The user's one scope, as written in <see cref="UserScope"/>.</summary>
    public const string Scope = "cc:scope";

    /// <summary>How the user proved who they are; Identity adds <see cref="MultiFactor"/> after a second factor.</summary>
    public const string AuthenticationMethod = "amr";

    public const string MultiFactor = "mfa";

    /// <summary>An integration client's API scopes, one claim each.</summary>
    public const string ApiScope = "cc:api-scope";

    /// <summary>The id of the API key a client authenticated with, so a long-lived hub connection can be re-checked against that key.</summary>
    public const string ApiKeyId = "cc:api-key";

    public static bool IsSignedIn(this ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true;

    public static string? RoleOf(this ClaimsPrincipal user) => user.IsSignedIn() ? user.FindFirstValue(ClaimTypes.Role) : null;

    public static UserScope? ScopeOf(this ClaimsPrincipal user) =>
        user.IsSignedIn() && UserScope.TryParse(user.FindFirstValue(Scope), out var scope) ? scope : null;

    public static bool IsOperator(this ClaimsPrincipal user) => user.RoleOf() == Roles.Operator;

    public static bool IsCityOperator(this ClaimsPrincipal user) => user.IsOperator() && user.ScopeOf()?.Kind == ScopeKind.City;

    public static bool IsFirmUser(this ClaimsPrincipal user) => user.RoleOf() == Roles.Firm;

    /// <summary>Who looks after the system itself (security alerts, the operations page): city-wide operators and admins with their second factor.</summary>
    public static bool KeepsTheSystem(this ClaimsPrincipal user) =>
        user.IsCityOperator() || (user.RoleOf() == Roles.Admin && user.HasClaim(AuthenticationMethod, MultiFactor));

    /// <summary>The firm of a firm user; null for everyone else.</summary>
    public static string? FirmIdOf(this ClaimsPrincipal user) =>
        user.IsFirmUser() && user.ScopeOf() is { Kind: ScopeKind.Firm } scope ? scope.Id : null;

    /// <summary>
    /// The city wall carries every firm's alarms and every area's figures: city operators and city wall
    /// screens only (admins administer; they do not watch).
    /// </summary>
    public static bool MayWatchWall(this ClaimsPrincipal user) =>
        user.RoleOf() is Roles.Operator or Roles.Wall && user.ScopeOf()?.Kind == ScopeKind.City;

    /// <summary>Operators and wall screens of the city or of one area; the wall page then shows that area only.</summary>
    public static bool MayOpenWall(this ClaimsPrincipal user) =>
        user.RoleOf() is Roles.Operator or Roles.Wall && user.ScopeOf()?.IsArea == true;
}
