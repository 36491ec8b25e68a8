using System.Text.Json;

namespace CommandCenter.Simulators.People;

/// <summary>A unit a case is dispatched to, as the tickets API names it: <c>{ "level": "Department", "id": "cg" }</c>.</summary>
public sealed record CaseUnit(string Level, string Id)
{
    public const string Department = "Department";
    public const string Street = "Street";
    public const string Community = "Community";

    /// <summary>The unit's scope as a signed-in user of it has it: <c>department/cg</c>, <c>street/640104001</c>.</summary>
    public string Scope => $"{Level.ToLowerInvariant()}/{Id}";
}

/// <summary>Where a case is: its grid and the areas above it.</summary>
public sealed record CasePlace(string? GridId, string? CommunityId, string? StreetId, string? DistrictId);

/// <summary>A wrong dispatch a unit sent back.</summary>
public sealed record CaseReturn(CaseUnit Unit, string Actor, DateTimeOffset At);

/// <summary>An evaluation after a closure.</summary>
public sealed record CaseEvaluation(string Satisfaction, DateTimeOffset At);

/// <summary>
/// What the simulated people read of a work order in <c>GET /api/tickets</c>: the fields that decide their next step
/// (the simulators never reference server code, so this is the wire shape, not the server's record).
/// </summary>
public sealed record CaseView(
    string Id,
    string Source,
    string Category,
    string Reporter,
    string Status,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeadlineAt,
    DateTimeOffset? ClosedAt,
    CaseUnit? Target,
    CasePlace? Location,
    IReadOnlyList<CaseReturn>? Returns,
    IReadOnlyList<CaseEvaluation>? Evaluations,
    int ReworkCount)
{
    public const string GridWorkerSource = "GridWorker";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Evaluated since it was last closed (an evaluation is taken once per closure).</summary>
    public bool EvaluatedSinceClosed => ClosedAt is { } closed && (Evaluations ?? []).Any(evaluation => evaluation.At >= closed);
}

/// <summary>One page of <c>GET /api/tickets</c>.</summary>
public sealed record CaseList(int Total, IReadOnlyList<CaseView> Items);

/// <summary>A category of <c>GET /api/tickets/categories</c>.</summary>
public sealed record CaseCategory(string Code, string NameZh, string Group);
