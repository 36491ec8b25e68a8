namespace CommandCenter.Tests.Auth;

/// <summary>
/// The ids of the demo city the authorization matrix asks for, chosen so that scope decides: the demo
/// users sit in the first district, street, community and grid (UserSeed), firm A and the demo unit
/// look after lifts there, firm B only in the other district. <c>DemoCity_IsShapedAsTheMatrixAssumes</c>
/// checks each claim below against the generated city.
/// </summary>
internal static class DemoCityShape
{
    public const string District = "640104";
    public const string OtherDistrict = "640106";
    public const string Street = "640104001";
    public const string Community = "640104001002";
    public const string Grid = "640104001002-01";

    /// <summary>A grid of the other district, for a work order none of the demo area staff may see.</summary>
    public const string GridElsewhere = "640106001002-01";

    /// <summary>城管: the department the matrix's work order is dispatched to.</summary>
    public const string Department = "cg";

    public const string Unit = "UNIT-001";

    /// <summary>Maintains every lift of the demo district and none of the other.</summary>
    public const string FirmA = "FIRM-003";

    /// <summary>Maintains lifts of the other district only.</summary>
    public const string FirmB = "FIRM-001";

    /// <summary>
    /// An escalator of firm A and the demo unit in the demo street (not the demo community): no other
    /// test of the console collection raises alarms on escalators.
    /// </summary>
    public const string LiftOfA = "ESC-0001";

    /// <summary>A lift of firm B in the other district that the other console tests leave alone.</summary>
    public const string LiftOfB = "EL-0011";

    /// <summary>A property firm of the demo street, whose items the demo street's staff may add.</summary>
    public const string PropertyFirm = "PF-001";

    /// <summary>A parking lot in the demo street but outside the demo community.</summary>
    public const string LotInStreet = "LOT-001";
}
