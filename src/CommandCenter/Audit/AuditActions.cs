namespace CommandCenter.Audit;

/// <summary>The stable codes of audited actions, as stored and as <c>GET /api/audit?action=</c> filters them.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInRefused = "sign-in-refused";
    public const string AlarmStep = "alarm-step";
    public const string AlarmReported = "alarm-reported";
    public const string TicketReport = "ticket-report";
    public const string TicketStep = "ticket-step";
    public const string UserAdded = "user-added";
    public const string PasswordReset = "password-reset";
    public const string SessionsRevoked = "sessions-revoked";
    public const string UserLocked = "user-locked";
    public const string UserUnlocked = "user-unlocked";
    public const string ApiKeyIssued = "api-key-issued";
    public const string ApiKeysRevoked = "api-keys-revoked";
    public const string WallPaired = "wall-paired";
    public const string WallAcknowledged = "wall-acknowledged";
    public const string DeviceAdded = "device-added";
    public const string DeviceSecretRotated = "device-secret-rotated";
    public const string DeviceRevoked = "device-revoked";
    public const string UserRoleChanged = "user-role-changed";
    public const string SecondFactorReset = "second-factor-reset";
    public const string ReferralCallbackSet = "referral-callback-set";
    public const string ReferralCallbackRemoved = "referral-callback-removed";

    /// <summary>Photos recorded on a work order (the detail names the step and the stored photos).</summary>
    public const string PhotoAttached = "photo-attached";

    /// <summary>Uploaded photos refused: too large, not an image, a decompression bomb, over the quota (the detail says why).</summary>
    public const string PhotoRefused = "photo-refused";

    /// <summary>A sign-in partition or an API client started being throttled (once per partition per window).</summary>
    public const string Throttled = "throttled";

    /// <summary>A report was exported (the target is the scope, the detail names the report and month).</summary>
    public const string ReportExported = "report-exported";

    /// <summary>An admin uploaded a city file for import (the detail summarises its difference from the running city).</summary>
    public const string CityImportStaged = "city-import-staged";

    /// <summary>An uploaded city file was refused (the detail gives the first problems).</summary>
    public const string CityImportRefused = "city-import-refused";

    /// <summary>An admin applied a staged city import (the detail: difference, devices registered and retired, the archive).</summary>
    public const string CityImportApplied = "city-import-applied";

    /// <summary>An admin dropped a staged city import without applying it.</summary>
    public const string CityImportDiscarded = "city-import-discarded";

    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignInRefused, AlarmStep, AlarmReported, TicketReport, TicketStep, UserAdded,
        PasswordReset, SessionsRevoked, UserLocked, UserUnlocked, ApiKeyIssued, ApiKeysRevoked, WallPaired, WallAcknowledged,
        DeviceAdded, DeviceSecretRotated, DeviceRevoked,
        UserRoleChanged, SecondFactorReset,
        ReferralCallbackSet, ReferralCallbackRemoved,
        Throttled,
        PhotoAttached, PhotoRefused,
        ReportExported,
        CityImportStaged, CityImportRefused, CityImportApplied, CityImportDiscarded,
    ];
}
