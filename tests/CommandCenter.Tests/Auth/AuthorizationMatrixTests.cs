using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Live;
using CommandCenter.Testing;
using CommandCenter.Tests.Consoles;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.StaticAssets;
using Shouldly;
// The table names callers plainly (Street, Community), so CommandCenter.Protocol, whose city types share those names, comes in by alias only.
using static CommandCenter.Tests.Auth.Caller;
using FaultCodes = CommandCenter.Protocol.FaultCodes;
using MessageKind = CommandCenter.Protocol.MessageKind;
using Shape = CommandCenter.Tests.Auth.DemoCityShape;

namespace CommandCenter.Tests.Auth;

/// <summary>
/// Who may call what, as one hand-written table: every route of the app and every method of the live
/// hub, probed as each kind of caller against the demo city, must let through exactly the callers its
/// row names and refuse the others — 401 or 403 ProblemDetails on API paths, the login page for pages.
/// "Through" means the gate opened: the answer may still be 400, 404 or 409, and the requests are made
/// so that nothing changes (bodies the endpoint rejects after its checks, steps the workflow refuses).
/// A route or hub method the table lacks, or a row for one the app no longer has, fails too.
/// </summary>
[Collection(ConsoleHostCollection.Name)]
public sealed class AuthorizationMatrixTests(ConsoleHostFixture fixture)
{
    private const Caller Operators = Operator | DistrictOperator;
    private const Caller Firms = FirmA | FirmB;
    private const Caller AreaStaff = Street | Community | GridWorker;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>A step comment one character over the limit: every step is refused (400) before anything is written.</summary>
    private static readonly string TooLongComment = new('x', TextLimits.MaxCommentLength + 1);

    // The table. Ids come from the demo city (DemoCityShape) and from what the walk seeds (Seeded):
    // "here" is inside the demo users' areas, firm A and the demo unit; "elsewhere" is in the other district, firm B's.
    private static readonly MatrixRow[] Table =
    [
        // Liveness for load balancers, signing in and out, the token cookie-authenticated writes carry.
        new("*", "/health", _ => "/health", Everyone) { SendAs = "GET" },
        Get("/api/antiforgery", "/api/antiforgery", Everyone),
        Post("/account/login", _ => "/account/login", Everyone, EmptyForm),
        Post("/logout", _ => "/logout", Everyone, EmptyForm) with { EndsTheSession = true },
        Get("/openapi/{documentName}.json", "/openapi/v1.json", SignedIn),

        // The city's shape for anyone signed in; area figures and parking for the area's staff, operators and walls.
        Get("/api/city", "/api/city", SignedIn),
        Get("/api/areas/{**key}", $"/api/areas/grid/{Shape.Grid}", Operators | WallScreen | AreaStaff),
        Get("/api/areas/{**key}", $"/api/areas/district/{Shape.OtherDistrict}", Operator | WallScreen),
        Get("/api/areas/{**key}", "/api/areas/", Operator | WallScreen),
        // Duty compliance by area: who reads the area's figures.
        Get("/api/compliance/{**key}", $"/api/compliance/grid/{Shape.Grid}", Operators | WallScreen | AreaStaff),
        Get("/api/compliance/{**key}", $"/api/compliance/district/{Shape.OtherDistrict}", Operator | WallScreen),
        Get("/api/compliance/{**key}", "/api/compliance/", Operator | WallScreen),
        Get("/api/parking/lots/", "/api/parking/lots/", Operators | WallScreen | AreaStaff),
        Get("/api/parking/lots/{id}", $"/api/parking/lots/{Shape.LotInStreet}", Operators | WallScreen | Street),

        // Elevators and their duties: operators in scope, the firm maintaining them, their user unit.
        Get("/api/elevators/", "/api/elevators/", Operators | Firms | Unit),
        Get("/api/elevators/{id}", $"/api/elevators/{Shape.LiftOfA}", Operators | FirmA | Unit),
        Get("/api/elevators/{id}", $"/api/elevators/{Shape.LiftOfB}", Operator | FirmB),
        Get("/api/elevators/{id}/history", $"/api/elevators/{Shape.LiftOfA}/history?minutes=0", Operators | FirmA | Unit),
        Get("/api/elevators/{id}/duties", $"/api/elevators/{Shape.LiftOfA}/duties", Operators | FirmA | Unit),
        Get("/api/elevators/{id}/duties", $"/api/elevators/{Shape.LiftOfB}/duties", Operator | FirmB),
        // An elevator's ledger: who reads its alarms, and wall screens (phones masked), each in their scope.
        Get("/api/elevators/{id}/ledger", $"/api/elevators/{Shape.LiftOfA}/ledger", Operators | FirmA | Unit | WallScreen),
        Get("/api/elevators/{id}/ledger", $"/api/elevators/{Shape.LiftOfB}/ledger", Operator | FirmB | WallScreen),
        // Its histories: the same readers, in the same scopes.
        Get("/api/elevators/{id}/records", $"/api/elevators/{Shape.LiftOfA}/records", Operators | FirmA | Unit | WallScreen),
        Get("/api/elevators/{id}/records", $"/api/elevators/{Shape.LiftOfB}/records", Operator | FirmB | WallScreen),
        Get("/api/elevators/{id}/alarms", $"/api/elevators/{Shape.LiftOfA}/alarms", Operators | FirmA | Unit | WallScreen),
        Get("/api/elevators/{id}/alarms", $"/api/elevators/{Shape.LiftOfB}/alarms", Operator | FirmB | WallScreen),
        // A unit's own duties: the unit, and operators of an area where one of its lifts stands (lift A, in the district).
        Get("/api/units/{id}/duties", $"/api/units/{Shape.Unit}/duties", Operators | Unit),

        // Alarms: read by operators in scope, the firm they are dispatched to and the lift's unit; handled by operators and that firm.
        Get("/api/alarms/", "/api/alarms/?state=all", Operators | Firms | Unit),
        // A phone-reported alarm (96333): operators; an empty report is refused after the gate (400).
        Post("/api/alarms/", _ => "/api/alarms/", Operators, JsonNull),
        Get("/api/alarms/{**id}", s => $"/api/alarms/{s.AlarmOfA}", Operators | FirmA | Unit),
        Get("/api/alarms/{**id}", s => $"/api/alarms/{s.AlarmOfB}", Operator | FirmB),
        // Who was reached about an alarm: scoped like the alarm itself.
        Get("/api/alarms/notifications", s => $"/api/alarms/notifications?id={Uri.EscapeDataString(s.AlarmOfA)}", Operators | FirmA | Unit),
        Get("/api/alarms/notifications", s => $"/api/alarms/notifications?id={Uri.EscapeDataString(s.AlarmOfB)}", Operator | FirmB),
        Post("/api/alarms/act", s => AlarmStep(s.AlarmOfA), Operators | FirmA, TooLongStep),
        Post("/api/alarms/act", s => AlarmStep(s.AlarmOfB), Operator | FirmB, TooLongStep),

        // What the ingest sees: city-wide operators and monitoring systems.
        Get("/api/ingest/stats", "/api/ingest/stats", Operator | MonitoringClient),
        Get("/api/ingest/sequences", "/api/ingest/sequences?gapsOnly=true", Operator | MonitoringClient),
        Get("/api/deadletters", "/api/deadletters?limit=1", Operator | MonitoringClient),
        // Retention of every store: who looks after the system, city-wide operators and admins.
        Get("/api/ops/retention", "/api/ops/retention", Admin | Operator),
        // Metrics in Prometheus' text format (any method, as the exporter maps it): the same readers, and admins.
        new("*", "/metrics", _ => "/metrics", Operator | Admin | MonitoringClient) { SendAs = "GET" },
        // The operations page's figures: who looks after the system, city-wide operators and admins (not the monitoring key).
        Get("/api/ops", "/api/ops", Operator | Admin),

        // Assessment: KPIs for whoever has figures in their scope, firm scores for operators and firms, the monthly workbook for
        // operators and street and community staff; a bad month is refused after the gate (400), so nothing is computed or exported.
        Get("/api/kpis", "/api/kpis?month=bad", Operators | AreaStaff | Department | Firms),
        Get("/api/scores/maintenance-firms", "/api/scores/maintenance-firms?month=bad", Operators | Firms),
        Get("/api/reports/monthly.xlsx", "/api/reports/monthly.xlsx?month=bad", Operators | Street | Community),

        // Work orders: read in scope by operators, area staff and the department they are dispatched to.
        Get("/api/tickets/", "/api/tickets/?pageSize=1", Operators | AreaStaff | Department),
        Get("/api/tickets/", $"/api/tickets/?area=district/{Shape.District}&pageSize=1", Operators),
        Get("/api/tickets/kpis", "/api/tickets/kpis", Operators | AreaStaff | Department),
        Get("/api/tickets/categories", "/api/tickets/categories", SignedIn),
        Get("/api/tickets/{id}", s => $"/api/tickets/{s.TicketHere}", Operators | AreaStaff | Department),
        Get("/api/tickets/{id}", s => $"/api/tickets/{s.TicketElsewhere}", Operator),
        Post("/api/tickets/", _ => "/api/tickets/", Operators | AreaStaff, JsonNull),
        // A report placed in a grid outside the reporter's area is refused before it is read further (no category: 400 for those let through).
        Post("/api/tickets/", _ => "/api/tickets/", Operator, () => Json($$"""{"source":"grid-worker","gridId":"{{Shape.GridElsewhere}}"}""")),

        // Work-order steps on the ticket here, dispatched to the department: operators decide, the
        // department disposes, the grid's worker verifies. Each is refused after the gate (409 or 400).
        TicketStep("file", s => s.TicketHere, Operators),
        TicketStep("cancel", s => s.TicketHere, Operators),
        TicketStep("dispatch", s => s.TicketHere, Operators),
        TicketStep("start", s => s.TicketHere, Operators | Department),
        TicketStep("feedback", s => s.TicketHere, Operators | Department),
        TicketStep("verify", s => s.TicketHere, Operators | GridWorker),
        TicketStep("verify", s => s.TicketElsewhere, Operator),
        TicketStep("close", s => s.TicketHere, Operators),
        TicketStep("send-back", s => s.TicketHere, Operators),
        // Returning a wrong dispatch (退回): whoever it is dispatched to, and operators.
        TicketStep("return", s => s.TicketHere, Operators | Department),
        // Co-handling (协办) and the whistle (吹哨, 报到) on the ticket here, dispatched to the department: operators add assisting
        // units; a street whistles on a case in its street; the units take their own steps. Too long a comment is refused after the gate.
        TicketStep("assist", s => s.TicketHere, Operators),
        TicketStep("assist-accept", s => s.TicketHere, Street | Community | Department),
        TicketStep("assist-feedback", s => s.TicketHere, Street | Community | Department),
        TicketStep("whistle", s => s.TicketHere, Operators | Street),
        TicketStep("report-in", s => s.TicketHere, Street | Community | Department),
        // Evaluating a closed case (回访): operators (a citizen on the phone) and the grid worker who reported it, which the
        // probe's reporter is not; a satisfaction that is none is refused after the gate (400).
        Post("/api/tickets/{id}/evaluation", s => $"/api/tickets/{s.TicketHere}/evaluation", Operators, () => Json("""{"satisfaction":"none"}""")),
        Post("/api/tickets/{id}/evaluation", s => $"/api/tickets/{s.TicketElsewhere}/evaluation", Operator, () => Json("""{"satisfaction":"none"}""")),
        // A ticket's photos: attached by who may take the step (feedback here: operators and the department it is dispatched to),
        // refused after the gate as not an image (400); read by who sees the ticket, which has none (404).
        Post("/api/tickets/{id}/photos", s => $"/api/tickets/{s.TicketHere}/photos", Operators | Department, NotAPhoto),
        Get("/api/tickets/{id}/photos/{n:int}", s => $"/api/tickets/{s.TicketHere}/photos/1", Operators | AreaStaff | Department),
        Get("/api/tickets/{id}/photos/{n:int}", s => $"/api/tickets/{s.TicketElsewhere}/photos/1", Operator),

        // Open311 GeoReport v2: its reads are public; posting needs an API key with the open311 scope.
        Get("/open311/v2/services.json", "/open311/v2/services.json", Everyone),
        Get("/open311/v2/services/{code}.json", $"/open311/v2/services/{TicketCategoryCodes.RoadCleaning}.json", Everyone),
        Get("/open311/v2/requests.json", "/open311/v2/requests.json", Everyone),
        Get("/open311/v2/requests/{id}.json", s => $"/open311/v2/requests/{s.TicketHere}.json", Everyone),
        Post("/open311/v2/requests.json", _ => "/open311/v2/requests.json", Open311Client, JsonObject),

        // A case reported from the street: grid workers only (an empty form is refused after the gate, 400, and files nothing).
        Post("/api/cases", _ => "/api/cases", GridWorker, EmptyForm),

        // Grid workers' points: operators and area staff read their own area's month; naming the other district is for the city only.
        Get("/api/scores/grid-workers", "/api/scores/grid-workers?month=2026-11", Operators | AreaStaff),
        Get("/api/scores/grid-workers", $"/api/scores/grid-workers?area=district/{Shape.OtherDistrict}", Operator),

        // Property firms: operators, street and community staff read their area's; a street's staff add items for their street's
        // firms (an empty body is refused after the gate, 400, and keeps nothing; a firm of another street is out of scope, 403).
        Get("/api/property-firms/", "/api/property-firms/?month=2026-11", Operators | Street | Community),
        Get("/api/property-firms/", $"/api/property-firms/?area=district/{Shape.OtherDistrict}", Operator),
        Post("/api/property-firms/{id}/items", _ => $"/api/property-firms/{Shape.PropertyFirm}/items", Street, JsonObject),
        Get("/property-firms", "/property-firms", Operators | Street | Community),
        Post("/property-firms", _ => "/property-firms", Operators | Street | Community, EmptyForm),

        // 12345 hotline referrals: posting needs an API key with the referrals scope (an empty body is refused after the gate);
        // what was referred and refused, for who looks after the system; callback URLs for admins (an unknown client: 400, 404).
        Post("/api/referrals/", _ => "/api/referrals/", ReferralsClient, JsonObject),
        Get("/api/referrals/refusals", "/api/referrals/refusals", Operator | Admin),
        Get("/api/referrals/tickets/{ticketId}", s => $"/api/referrals/tickets/{s.TicketHere}", Operator | Admin),
        Get("/api/admin/referrals/clients", "/api/admin/referrals/clients", Admin),
        new("PUT", "/api/admin/referrals/clients/{client}/callback", _ => "/api/admin/referrals/clients/no-such-client/callback", Admin) { Body = JsonObject },
        new("DELETE", "/api/admin/referrals/clients/{client}/callback", _ => "/api/admin/referrals/clients/no-such-client/callback", Admin),

        // The live hub: anyone signed in connects; each method names its own policy (HubTable).
        new("*", "/hubs/live/negotiate", _ => "/hubs/live/negotiate?negotiateVersion=1", SignedIn) { SendAs = "POST" },
        new("*", "/hubs/live", _ => "/hubs/live", SignedIn) { SendAs = "GET" },

        // Console pages (GET renders, POST is Blazor's form handling): the wall for walls and operators (a district's shows the district),
        // the desk for operators, the firm console for firms and city-wide operators, an elevator's ledger, the login page for anyone.
        Get("/", "/", WallScreen | Operators),
        Post("/", _ => "/", WallScreen | Operators, EmptyForm),
        Get("/desk", "/desk", Operators),
        Post("/desk", _ => "/desk", Operators, EmptyForm),
        Get("/firm", "/firm", Operator | Firms),
        Post("/firm", _ => "/firm", Operator | Firms, EmptyForm),
        // An elevator's ledger page: the ledger's readers pass the gate; one outside their scope then reads why on the page.
        Get("/elevators/{id}", $"/elevators/{Shape.LiftOfA}", Operators | Firms | Unit | WallScreen),
        Post("/elevators/{id}", _ => $"/elevators/{Shape.LiftOfA}", Operators | Firms | Unit | WallScreen, EmptyForm),
        // The monthly report page: operators and street and community staff (a bad month: the page says so).
        Get("/reports/monthly", "/reports/monthly?month=bad", Operators | Street | Community),
        Post("/reports/monthly", _ => "/reports/monthly", Operators | Street | Community, EmptyForm),
        // The operations page: city-wide operators and admins.
        Get("/ops", "/ops", Operator | Admin),
        Post("/ops", _ => "/ops", Operator | Admin, EmptyForm),
        // The grid worker's phone pages and the endpoints their forms post to (without the form's antiforgery token: 400 after the gate).
        Get("/m/report", "/m/report", GridWorker),
        Post("/m/report", _ => "/m/report", GridWorker, EmptyForm),
        Get("/m/cases", "/m/cases", GridWorker),
        Post("/m/cases", _ => "/m/cases", GridWorker, EmptyForm),
        Get("/m/tasks", "/m/tasks", GridWorker),
        Post("/m/tasks", _ => "/m/tasks", GridWorker, EmptyForm),
        Get("/m/points", "/m/points", GridWorker),
        Post("/m/points", _ => "/m/points", GridWorker, EmptyForm),
        Post("/m/forms/report", _ => "/m/forms/report", GridWorker, EmptyForm),
        Post("/m/forms/verify", _ => "/m/forms/verify", GridWorker, EmptyForm),
        Post("/m/forms/evaluate", _ => "/m/forms/evaluate", GridWorker, EmptyForm),
        // The disposal console of departments, streets and communities, and its forms (an empty one names no case: back to /work).
        Get("/work", "/work", Street | Community | Department),
        Post("/work", _ => "/work", Street | Community | Department, EmptyForm),
        Post("/work/forms/accept", _ => "/work/forms/accept", Street | Community | Department, EmptyForm),
        Post("/work/forms/return", _ => "/work/forms/return", Street | Community | Department, EmptyForm),
        Post("/work/forms/feedback", _ => "/work/forms/feedback", Street | Community | Department, EmptyForm),
        Post("/work/forms/assist-accept", _ => "/work/forms/assist-accept", Street | Community | Department, EmptyForm),
        Post("/work/forms/assist-feedback", _ => "/work/forms/assist-feedback", Street | Community | Department, EmptyForm),
        Post("/work/forms/report-in", _ => "/work/forms/report-in", Street | Community | Department, EmptyForm),
        Post("/work/forms/whistle", _ => "/work/forms/whistle", Street | Community | Department, EmptyForm),
        Get("/login", "/login", Everyone),
        Post("/login", _ => "/login", Everyone, EmptyForm),

        // The second factor: the code form after the password for anyone; setting it up and turning it on for the signed-in
        // (setting up makes a key for a caller without one, which signs nobody in and changes no alarm or work order).
        Get("/login/2fa", "/login/2fa", Everyone),
        Post("/login/2fa", _ => "/login/2fa", Everyone, EmptyForm),
        Post("/account/login/2fa", _ => "/account/login/2fa", Everyone, EmptyForm),
        Get("/account/security", "/account/security", SignedIn),
        Post("/account/security", _ => "/account/security", SignedIn, EmptyForm),
        Post("/account/security/2fa", _ => "/account/security/2fa", SignedIn, EmptyForm),
        Post("/account/security/authenticator", _ => "/account/security/authenticator", SignedIn, EmptyForm),

        // Wall pairing: a screen nobody signed in on asks for a code and comes back; an admin approves it.
        Get("/pair", "/pair", Everyone),
        Post("/pair", _ => "/pair", Everyone, EmptyForm),
        Get("/account/wall-pairing", "/account/wall-pairing", Everyone),
        Post("/account/wall-pairing", _ => "/account/wall-pairing", Everyone, EmptyForm),

        // Administration: admins with their second factor only.
        Get("/admin", "/admin", Admin),
        Post("/admin", _ => "/admin", Admin, EmptyForm),
        Get("/admin/users", "/admin/users", Admin),
        Post("/admin/users", _ => "/admin/users", Admin, EmptyForm),
        Get("/admin/walls", "/admin/walls", Admin),
        Post("/admin/walls", _ => "/admin/walls", Admin, EmptyForm),
        Get("/admin/referrals", "/admin/referrals", Admin),
        Post("/admin/referrals", _ => "/admin/referrals", Admin, EmptyForm),
        Get("/admin/audit", "/admin/audit", Admin),
        Post("/admin/audit", _ => "/admin/audit", Admin, EmptyForm),
        Get("/api/audit", "/api/audit", Admin),
        Get("/admin/devices", "/admin/devices", Admin),
        Post("/admin/devices", _ => "/admin/devices", Admin, EmptyForm),
        // Device changes are probed so they fail after the gate: no body (400), an id nobody registered (404).
        Get("/api/admin/devices/", "/api/admin/devices/", Admin),
        Post("/api/admin/devices/", _ => "/api/admin/devices/", Admin, JsonNull),
        Post("/api/admin/devices/{id}/rotate-secret", _ => "/api/admin/devices/NO-SUCH-DEVICE/rotate-secret", Admin, JsonNull),
        new("DELETE", "/api/admin/devices/{id}", _ => "/api/admin/devices/NO-SUCH-DEVICE", Admin),
        // City imports: admins only (second factor); an upload of `null` is refused after the gate (400), the rest name no import (404).
        Get("/admin/city", "/admin/city", Admin),
        Post("/admin/city", _ => "/admin/city", Admin, EmptyForm),
        Get("/api/city/imports/", "/api/city/imports/", Admin),
        Post("/api/city/imports/", _ => "/api/city/imports/", Admin, JsonNull),
        Get("/api/city/imports/{id}", "/api/city/imports/NO-SUCH-IMPORT", Admin),
        Post("/api/city/imports/{id}/apply", _ => "/api/city/imports/NO-SUCH-IMPORT/apply", Admin, JsonNull),
        new("DELETE", "/api/city/imports/{id}", _ => "/api/city/imports/NO-SUCH-IMPORT", Admin),

        // The Orleans Dashboard: admins only, every route of it (its pages, scripts and the calls they make).
        .. DashboardRows(),

        // A file path the static asset manifest lacks reaches MapStaticAssets' fallback route: signed in only.
        Get("{**path:file}", "/no-such-file.txt", SignedIn),
        new("HEAD", "{**path:file}", _ => "/no-such-file.txt", SignedIn),
    ];

    // The live hub's methods: the city wall for city-wide watchers, an area for who covers it, a firm for itself and city-wide operators,
    // security alerts for admins and city-wide operators.
    private static readonly HubRow[] HubTable =
    [
        new(nameof(LiveHub.JoinWall), [], WallScreen | Operator),
        new(nameof(LiveHub.JoinArea), [$"district/{Shape.District}"], Operators | WallScreen),
        new(nameof(LiveHub.JoinArea), [$"grid/{Shape.Grid}"], Operators | WallScreen | AreaStaff),
        new(nameof(LiveHub.JoinArea), [$"district/{Shape.OtherDistrict}"], Operator | WallScreen),
        new(nameof(LiveHub.JoinFirm), [Shape.FirmA], Operator | FirmA),
        new(nameof(LiveHub.JoinFirm), [Shape.FirmB], Operator | FirmB),
        new(nameof(LiveHub.JoinSecurityAlerts), [], Admin | Operator),
    ];

    private readonly CommandCenterProcess _host = fixture.Host;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Table_ForTheAppsRoutes_HasARowForEachAndNoneForRoutesItLacks()
    {
        var routes = (await AppEndpoints.ReadAsync()).Where(e => !IsOutsideTheMatrix(e.Endpoint)).Select(e => e.Route).ToHashSet();
        var rows = Table.Select(row => row.Route).ToHashSet();

        routes.Except(rows).Select(route => route.ToString()).Order().ShouldBeEmpty("routes of the app without a row saying who may call them");
        rows.Except(routes).Select(route => route.ToString()).Order().ShouldBeEmpty("rows for routes the app no longer has");
    }

    [Fact]
    public void HubTable_ForTheLiveHubsMethods_HasARowForEachAndNoneForMethodsItLacks()
    {
        // The methods SignalR lets clients call: public instance methods of the hub's own, not Hub's lifecycle ones.
        var methods = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => !method.IsSpecialName && method.GetBaseDefinition().DeclaringType is var owner && owner != typeof(Hub) && owner != typeof(object))
            .Select(method => method.Name)
            .ToHashSet();
        var rows = HubTable.Select(row => row.Method).ToHashSet();

        methods.Except(rows).Order().ShouldBeEmpty("hub methods without a row saying who may call them");
        rows.Except(methods).Order().ShouldBeEmpty("rows for hub methods the hub no longer has");
    }

    [Fact]
    public void DemoCity_IsShapedAsTheMatrixAssumes()
    {
        var city = new CityDirectory(TestCity.Demo);
        var first = TestCity.Demo.Districts[0];
        var liftOfA = city.FindElevator(Shape.LiftOfA)!;
        var liftOfB = city.FindElevator(Shape.LiftOfB)!;
        var lifts = TestCity.Demo.Elevators.Select(e => city.FindElevator(e.Id)!).ToList();

        // The demo users sit where UserSeed puts them.
        (first.Id, first.Streets[0].Id, first.Streets[0].Communities[0].Id, first.Streets[0].Communities[0].Grids[0].Id)
            .ShouldBe((Shape.District, Shape.Street, Shape.Community, Shape.Grid));
        TestCity.Demo.Units[0].Id.ShouldBe(Shape.Unit);
        TestCity.Demo.Departments.ShouldContain(d => d.Id == Shape.Department);
        city.FindGrid(Shape.GridElsewhere)!.District.Id.ShouldBe(Shape.OtherDistrict);
        // Firm A keeps every lift of the demo district and none elsewhere, firm B only lifts of the other district.
        lifts.Where(l => l.Place.District.Id == Shape.District).ShouldAllBe(l => l.Firm.Id == Shape.FirmA);
        lifts.Where(l => l.Firm.Id == Shape.FirmA).ShouldAllBe(l => l.Place.District.Id == Shape.District);
        lifts.Where(l => l.Firm.Id == Shape.FirmB).ShouldAllBe(l => l.Place.District.Id == Shape.OtherDistrict);
        (liftOfA.Firm.Id, liftOfA.Unit.Id, liftOfA.Place.Street.Id, liftOfA.Elevator.Escalator).ShouldBe((Shape.FirmA, Shape.Unit, Shape.Street, true));
        liftOfA.Place.Community.Id.ShouldNotBe(Shape.Community);
        (liftOfB.Firm.Id, liftOfB.Place.District.Id).ShouldBe((Shape.FirmB, Shape.OtherDistrict));
        liftOfB.Unit.Id.ShouldNotBe(Shape.Unit);
        TestCity.Demo.PropertyFirms.Single(f => f.Id == Shape.PropertyFirm).StreetId.ShouldBe(Shape.Street);
        var lot = city.FindLot(Shape.LotInStreet)!;
        city.FindGrid(lot.GridId)!.Street.Id.ShouldBe(Shape.Street);
        city.FindGrid(lot.GridId)!.Community.Id.ShouldNotBe(Shape.Community);
        // The other console tests raise alarms on the first three and the last lift of their two busiest firms.
        AreaHubTests.UntouchedLifts().ShouldContain(place => place.Elevator.Id == Shape.LiftOfB);
    }

    [Fact]
    public async Task Walk_EveryRowAsEveryCaller_LetsThroughExactlyTheCallersItNames()
    {
        var clock = Stopwatch.StartNew();
        var seeded = await SeedAsync();
        var before = await RecordsOfAsync(seeded);
        await using var callers = await MatrixCallers.SignInAsync(_host);

        var mismatches = new List<string>();
        foreach (var row in Table)
        {
            mismatches.AddRange(await WalkAsync(row, seeded, callers));
        }

        foreach (var row in HubTable)
        {
            mismatches.AddRange(await WalkAsync(row, callers));
        }

        mismatches.ShouldBeEmpty($"{mismatches.Count} of {(Table.Length + HubTable.Length) * MatrixCallers.All.Count} calls went otherwise than the table says");
        (await RecordsOfAsync(seeded)).ShouldBe(before, "the walk changed an alarm or work order");
        _host.ErrorLines.ShouldBeEmpty();
        TestContext.Current.SendDiagnosticMessage($"Authorization matrix: {Table.Length} rows and {HubTable.Length} hub calls as {MatrixCallers.All.Count} callers in {clock.Elapsed.TotalSeconds:F1} s");
    }

    private static MatrixRow Get(string pattern, string path, Caller allowed) => new("GET", pattern, _ => path, allowed);

    /// <summary>
    /// The dashboard's routes under <c>/orleans</c>, each probed with a path it answers without changing
    /// anything (the silo's pages with the host's silo, a grain type nobody has).
    /// </summary>
    private static IEnumerable<MatrixRow> DashboardRows() =>
        new (string Route, string Path)[]
        {
            ("/", "/"), ("/index.html", "/index.html"), ("/index.css", "/index.css"), ("/index.min.js", "/index.min.js"),
            ("/favicon.ico", "/favicon.ico"), ("/fonts/{**path}", "/fonts/none.woff2"), ("/img/{**path}", "/img/none.png"), ("/version", "/version"),
            ("/ClusterStats", "/ClusterStats"), ("/DashboardCounters", "/DashboardCounters"), ("/GrainTypes", "/GrainTypes"),
            ("/GrainState", "/GrainState"), ("/GrainStats/{*grainName}", "/GrainStats/none"),
            ("/LifecycleStages", "/LifecycleStages"), ("/Reminders", "/Reminders"), ("/Reminders/{page:int}", "/Reminders/1"),
            ("/TopGrainMethods", "/TopGrainMethods"),
        }.Select(probe => Get($"/orleans{probe.Route}", $"/orleans{probe.Path}", Admin))
        .Concat(new[] { "HistoricalStats/{*path}", "SiloCounters/{*address}", "SiloMetadata/{*address}", "SiloProperties/{*address}", "SiloStats/{*address}" }
            .Select(route => (Route: route, Page: route.Split('/')[0]))
            .Select(silo => Get($"/orleans/{silo.Route}", s => $"/orleans/{silo.Page}/{s.Silo}", Admin)))
        // Its live log stream is turned off: past the gate the dashboard refuses admins too.
        .Append(Get("/orleans/Trace", "/orleans/Trace", Admin) with { TurnedOff = true });

    private static MatrixRow Get(string pattern, Func<Seeded, string> path, Caller allowed) => new("GET", pattern, path, allowed);

    private static MatrixRow Post(string pattern, Func<Seeded, string> path, Caller allowed, Func<HttpContent> body) =>
        new("POST", pattern, path, allowed) { Body = body };

    private static MatrixRow TicketStep(string action, Func<Seeded, string> ticket, Caller allowed) =>
        Post($"/api/tickets/{{id}}/{action}", s => $"/api/tickets/{ticket(s)}/{action}", allowed, TooLongStep);

    private static string AlarmStep(string alarmId) => $"/api/alarms/act?id={Uri.EscapeDataString(alarmId)}&action=respond";

    private static HttpContent TooLongStep() => JsonContent.Create(new { comment = TooLongComment });

    private static HttpContent JsonNull() => new StringContent("null", Encoding.UTF8, "application/json");

    private static HttpContent JsonObject() => new StringContent("{}", Encoding.UTF8, "application/json");

    private static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    private static HttpContent EmptyForm() => new FormUrlEncodedContent([]);

    /// <summary>Feedback photos that are text with an image's name: refused by their content once the caller may add them.</summary>
    private static HttpContent NotAPhoto() => new MultipartFormDataContent
    {
        { new StringContent("feedback"), "step" },
        { new ByteArrayContent("not a photo"u8.ToArray()), "photo", "street.jpg" },
    };

    /// <summary>
    /// Routes that are no decision of this product's, so not in the table: MapStaticAssets' files (each
    /// with a <see cref="StaticAssetDescriptor"/>, all anonymous), and Blazor's own routes under
    /// <c>/_framework</c> and <c>/_blazor</c> (its circuit hub and script plumbing); the pages those serve
    /// are authorized per component, and are rows of the table.
    /// </summary>
    private static bool IsOutsideTheMatrix(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
        || endpoint is Microsoft.AspNetCore.Routing.RouteEndpoint { RoutePattern.RawText: { } pattern }
            && (pattern.StartsWith("/_framework/", StringComparison.Ordinal) || pattern.StartsWith("/_blazor", StringComparison.Ordinal));

    private async Task<IReadOnlyList<string>> WalkAsync(MatrixRow row, Seeded seeded, MatrixCallers callers)
    {
        var path = row.Path(seeded);
        var outcomes = await Task.WhenAll(MatrixCallers.All.Select(async caller =>
        {
            var client = row.EndsTheSession ? await callers.OwnSessionAsync(caller) : callers.Http(caller);
            try
            {
                using var request = new HttpRequestMessage(row.RequestMethod, path) { Content = row.Body?.Invoke() };
                using var response = await client.SendAsync(request, Cancel);
                return await Outcome.OfAsync(response, Cancel);
            }
            finally
            {
                if (row.EndsTheSession)
                {
                    client.Dispose();
                }
            }
        }));

        return [.. MatrixCallers.All.Zip(outcomes).Select(pair => MismatchOf(row, path, pair.First, pair.Second)).OfType<string>()];
    }

    private static string? MismatchOf(MatrixRow row, string path, Caller caller, Outcome outcome)
    {
        var where = $"{row.Route} ({row.RequestMethod} {path}) as {caller}";
        if (row.Allowed.HasFlag(caller) && row.TurnedOff)
        {
            return outcome.Status == StatusCodes.Status403Forbidden && !outcome.Is(Refusal.LoginPage, row.RequestMethod)
                ? null
                : $"{where}: expected through to the endpoint's own 403, got {outcome}";
        }

        if (row.Allowed.HasFlag(caller))
        {
            return outcome.IsRefused ? $"{where}: expected through, got {outcome}" : null;
        }

        var refusal = Outcome.RefusalFor(caller, path, MatrixCallers.UsesApiKey(caller));
        return outcome.Is(refusal, row.RequestMethod) ? null : $"{where}: expected refusal ({refusal}), got {outcome}";
    }

    private static async Task<IReadOnlyList<string>> WalkAsync(HubRow row, MatrixCallers callers)
    {
        var outcomes = await Task.WhenAll(MatrixCallers.All.Select(async caller =>
        {
            if (await callers.HubAsync(caller) is not { } hub)
            {
                return (Through: false, What: "could not connect");
            }

            try
            {
                await hub.InvokeAsync(row.Method, row.Arguments);
                return (Through: true, What: "joined");
            }
            catch (HubException ex)
            {
                return (Through: false, What: ex.Message);
            }
        }));

        return [.. MatrixCallers.All.Zip(outcomes)
            .Where(pair => pair.Second.Through != row.Allowed.HasFlag(pair.First))
            .Select(pair => $"hub {row} as {pair.First}: expected {(row.Allowed.HasFlag(pair.First) ? "through" : "refusal")}, got {pair.Second.What}")];
    }

    /// <summary>An open alarm on each firm's lift and two work orders: one here dispatched to the demo department, one elsewhere just reported.</summary>
    private async Task<Seeded> SeedAsync()
    {
        var alarmOfA = await OpenAlarmAsync(Shape.LiftOfA, "61");
        var alarmOfB = await OpenAlarmAsync(Shape.LiftOfB, FaultCodes.AlarmButton);
        var ticketHere = await ReportTicketAsync(Shape.Grid);
        (await _host.Http.PostAsJsonAsync($"/api/tickets/{ticketHere}/file", new { }, Cancel)).EnsureSuccessStatusCode();
        (await _host.Http.PostAsJsonAsync($"/api/tickets/{ticketHere}/dispatch", new { target = new { level = "Department", id = Shape.Department } }, Cancel))
            .EnsureSuccessStatusCode();
        var ops = await _host.Http.GetFromJsonAsync<JsonElement>("/api/ops", Cancel);
        return new Seeded(alarmOfA, alarmOfB, ticketHere, await ReportTicketAsync(Shape.GridElsewhere), ops.GetProperty("silos")[0].GetProperty("address").GetString()!);
    }

    /// <summary>The lift or escalator reports a status (so the API has it) and raises a fault; returns the alarm's id once it is open.</summary>
    private async Task<string> OpenAlarmAsync(string elevatorId, string code)
    {
        await using var device = await MqttTestClient.ConnectAsync(_host.MqttPort, elevatorId);
        var escalator = TestCity.Demo.Elevators.Single(e => e.Id == elevatorId).Escalator;
        var (status, fault) = escalator
            ? (CommandCenter.Protocol.Topics.EscalatorStatus(elevatorId), MessageKind.EscalatorEvent)
            : (CommandCenter.Protocol.Topics.ElevatorStatus(elevatorId), MessageKind.ElevatorEvent);
        (await device.PublishAsync(status, escalator ? EscalatorJson.For(elevatorId, 1) : StatusJson.For(elevatorId, 1, 1))).IsSuccess.ShouldBeTrue();
        (await device.PublishAsync(CommandCenter.Protocol.Topics.For(fault, elevatorId), EventJson.Raised(elevatorId, 2, code, escalator ? null : 7))).IsSuccess.ShouldBeTrue();
        return await Eventually.ValueAsync(
            async () => (await _host.Http.GetFromJsonAsync<JsonElement>("/api/alarms?state=active", Cancel)).EnumerateArray()
                .Where(alarm => alarm.GetProperty("elevatorId").GetString() == elevatorId && alarm.GetProperty("code").GetString() == code)
                .Select(alarm => alarm.GetProperty("id").GetString())
                .FirstOrDefault(),
            Deadline,
            $"alarm {code} of {elevatorId}");
    }

    private async Task<string> ReportTicketAsync(string gridId)
    {
        var created = await _host.Http.PostAsJsonAsync("/api/tickets", new
        {
            source = nameof(TicketSource.GridWorker),
            category = TicketCategoryCodes.RoadCleaning,
            description = "授权矩阵 authorization matrix probe",
            gridId,
        }, Cancel);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancel));
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("ticket").GetProperty("id").GetString()!;
    }

    /// <summary>Each seeded record's status and length of history, to show the walk wrote nothing.</summary>
    private async Task<string[]> RecordsOfAsync(Seeded seeded)
    {
        async Task<string> AlarmAsync(string id)
        {
            var alarm = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/alarms/{id}", Cancel);
            return $"{id}: {alarm.GetProperty("status")}, {alarm.GetProperty("steps").GetArrayLength()} steps";
        }

        async Task<string> TicketAsync(string id)
        {
            var ticket = await _host.Http.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}", Cancel);
            return $"{id}: {ticket.GetProperty("ticket").GetProperty("status")}, {ticket.GetProperty("audit").GetArrayLength()} audit entries";
        }

        return [await AlarmAsync(seeded.AlarmOfA), await AlarmAsync(seeded.AlarmOfB), await TicketAsync(seeded.TicketHere), await TicketAsync(seeded.TicketElsewhere)];
    }
}
