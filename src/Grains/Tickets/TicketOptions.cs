namespace CommandCenter.Grains.Tickets;

/// <summary>
/// Work-order rules from configuration (<c>Tickets</c>): the working calendar, the categories with
/// their time limits, and the limits of the steps between. Lists left empty get the defaults of
/// <see cref="TicketDefaults"/>; a demo shortens limits here (e.g. <c>0.05wh</c> on a 24/7 calendar).
/// </summary>
public sealed class TicketOptions
{
    public const string Section = "Tickets";

    public WorkingCalendarOptions Calendar { get; set; } = new();

    public List<TicketCategoryOptions> Categories { get; set; } = [];

    /// <summary>Dispatching is on time within this after filing.</summary>
    public string DispatchLimit { get; set; } = "1wh";

    /// <summary>Working time after the disposal deadline for verification and closure; closing later is late.</summary>
    public string ClosureLimit { get; set; } = "1wd";

    /// <summary>
    /// How long a closed or cancelled ticket stays in the index (and its grain) once it is archived; after that
    /// lists, KPIs and its detail read it from the archive in the relational store.
    /// </summary>
    public TimeSpan ClosedKeptInIndex { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// An unsatisfied evaluation (回访) may reopen a case as rework within this after its closure (calendar time). At most
    /// <see cref="ClosedKeptInIndex"/>, as a case is evaluated while its grain still holds it.
    /// </summary>
    public TimeSpan ReworkWindow { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>The working calendar; empty lists mean the defaults.</summary>
public sealed class WorkingCalendarOptions
{
    /// <summary>An IANA (or Windows) time zone id.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>Default Monday to Friday.</summary>
    public List<DayOfWeek> WorkingDays { get; set; } = [];

    /// <summary>Periods such as <c>08:30-12:00</c>; <c>00:00-24:00</c> with all seven days makes a round-the-clock calendar.</summary>
    public List<string> WorkingHours { get; set; } = [];

    /// <summary>Public holidays: no work even on a weekday.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Make-up working days (调休): worked even on a weekend.</summary>
    public List<DateOnly> MakeUpWorkingDays { get; set; } = [];
}

/// <summary>One category (subcategory of GB/T 30428) as configured.</summary>
public sealed class TicketCategoryOptions
{
    /// <summary>Stable code, also the Open311 service_code, e.g. <c>exposed-garbage</c>.</summary>
    public string Code { get; set; } = "";

    public string NameZh { get; set; } = "";

    public string NameEn { get; set; } = "";

    /// <summary><c>component</c> (部件) or <c>event</c> (事件).</summary>
    public string Kind { get; set; } = "";

    /// <summary>Classification group, e.g. <c>city appearance</c>.</summary>
    public string Group { get; set; } = "";

    /// <summary>Disposal limit from dispatch, e.g. <c>2wh</c>, <c>1wd</c>, <c>15wd</c>.</summary>
    public string TimeLimit { get; set; } = "";

    /// <summary>Filing (or cancelling) is on time within this after the report.</summary>
    public string FilingLimit { get; set; } = "1wh";
}
