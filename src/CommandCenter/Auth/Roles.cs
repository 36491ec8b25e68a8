namespace CommandCenter.Auth;

/// <summary>The roles of DOMAIN.md's "who may do what"; every user has exactly one.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Operator = "operator";
    public const string Street = "street";
    public const string Community = "community";
    public const string Department = "department";
    public const string GridWorker = "gridworker";
    public const string Firm = "firm";
    public const string Unit = "unit";
    public const string Wall = "wall";
    public const string Integration = "integration";

    public static readonly IReadOnlyList<string> All = [Admin, Operator, Street, Community, Department, GridWorker, Firm, Unit, Wall, Integration];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

/// <summary>What an integration client's API key may reach.</summary>
public static class ApiScopes
{
    /// <summary>Open311 (GeoReport v2) intake: posting service requests.</summary>
    public const string Open311 = "open311";

    /// <summary>12345 hotline referrals.</summary>
    public const string Referrals = "referrals";

    /// <summary>Exports of tickets and records.</summary>
    public const string Export = "export";

    /// <summary>Ingest statistics, sequence gaps and dead letters, for a monitoring system or the benchmark.</summary>
    public const string Monitoring = "monitoring";

    public static readonly IReadOnlyList<string> All = [Open311, Referrals, Export, Monitoring];
}
