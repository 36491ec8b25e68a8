using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Tickets;

/// <summary>Defaults for the lists of <see cref="TicketOptions"/> that configuration leaves empty.</summary>
public static class TicketDefaults
{
    /// <summary>
    /// 08:30–12:00 and 14:30–18:00, Monday to Friday, are typical office hours of Chinese government
    /// offices (with a long lunch break); cities differ, so all of it is configurable.
    /// </summary>
    public static readonly string[] WorkingHours = ["08:30-12:00", "14:30-18:00"];

    public static readonly DayOfWeek[] WorkingDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    /// <summary>A few subcategories of each group of components and events; limits as commonly set by city standards.</summary>
    public static IReadOnlyList<TicketCategoryOptions> Categories =>
    [
        Component("manhole-cover", "井盖破损或缺失", "Damaged or missing manhole cover", "public facilities", "2wh"),
        Component("street-light", "路灯损坏", "Broken street light", "public facilities", "3wd"),
        Component("traffic-signal", "交通信号灯故障", "Faulty traffic signal", "traffic", "4wh"),
        Component("damaged-pavement", "道路破损", "Damaged road surface", "traffic", "5wd"),
        Component("litter-bin", "垃圾箱破损", "Damaged litter bin", "city appearance", "2wd"),
        Component("green-space", "绿地损坏", "Damaged green space", "landscaping", "5wd"),
        Component("other-component", "其他部件问题", "Other component problem", "other", "5wd"),
        Event(TicketCategoryCodes.ExposedGarbage, "暴露垃圾", "Exposed garbage", "city appearance", "1wd"),
        Event(TicketCategoryCodes.RoadCleaning, "道路不洁", "Road cleaning", "city appearance", "2wh"),
        Event("illegal-advertising", "违规户外广告", "Unlicensed outdoor advertising", "advertising", "5wd"),
        Event(TicketCategoryCodes.IllegalConstruction, "违法建设", "Illegal construction", "construction", "15wd"),
        Event("construction-waste", "施工渣土撒漏", "Spilled construction waste", "construction", "4wh"),
        Event("street-vending", "占道经营", "Street vending on the roadway", "street order", "2wh"),
        Event("illegal-parking", "违章停车", "Illegal parking", "street order", "1wh"),
        Event(TicketCategoryCodes.ElevatorTrappedFollowUp, "电梯困人后续处置", "Elevator trapped passenger follow-up", "emergencies", "1wd"),
        Event(TicketCategoryCodes.ElevatorHazardSerious, "电梯严重隐患", "Elevator hazard (serious)", "emergencies", "1wd"),
        Event(TicketCategoryCodes.ElevatorHazardGeneral, "电梯一般隐患", "Elevator hazard (general)", "other", "10wd"),
        Event("other-event", "其他事件", "Other event", "other", "5wd"),
    ];

    /// <summary>Fills what configuration left empty (binding appends to lists, so defaults cannot be initialisers).</summary>
    public static void Apply(TicketOptions options)
    {
        var calendar = options.Calendar;
        if (calendar.WorkingDays.Count == 0)
        {
            calendar.WorkingDays.AddRange(WorkingDays);
        }

        if (calendar.WorkingHours.Count == 0)
        {
            calendar.WorkingHours.AddRange(WorkingHours);
        }

        if (options.Categories.Count == 0)
        {
            options.Categories.AddRange(Categories);
        }
    }

    private static TicketCategoryOptions Component(string code, string nameZh, string nameEn, string group, string limit) =>
        Category(code, nameZh, nameEn, "component", group, limit);

    private static TicketCategoryOptions Event(string code, string nameZh, string nameEn, string group, string limit) =>
        Category(code, nameZh, nameEn, "event", group, limit);

    private static TicketCategoryOptions Category(string code, string nameZh, string nameEn, string kind, string group, string limit) =>
        new() { Code = code, NameZh = nameZh, NameEn = nameEn, Kind = kind, Group = group, TimeLimit = limit };
}
