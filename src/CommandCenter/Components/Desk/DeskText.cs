using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;

namespace CommandCenter.Components.Desk;

/// <summary>Bilingual labels of work orders, and area names from the city.</summary>
public static class DeskText
{
    public static string Status(TicketStatus status) => status switch
    {
        TicketStatus.Reported => "已上报 Reported",
        TicketStatus.Filed => "已立案 Filed",
        TicketStatus.Cancelled => "已作废 Cancelled",
        TicketStatus.Dispatched => "已派遣 Dispatched",
        TicketStatus.InProgress => "处置中 In progress",
        TicketStatus.Feedback => "已反馈 Feedback",
        TicketStatus.Verified => "已核查 Verified",
        _ => "已结案 Closed",
    };

    public static string Action(TicketAction action) => action switch
    {
        TicketAction.File => "立案 File",
        TicketAction.Cancel => "作废 Cancel",
        TicketAction.Dispatch => "派遣 Dispatch",
        TicketAction.Start => "开始处置 Start",
        TicketAction.Feedback => "反馈 Feedback",
        TicketAction.Verify => "核查 Verify",
        TicketAction.Close => "结案 Close",
        _ => "回退 Send back",
    };

    public static string Level(SupervisionLevel level) => level switch
    {
        SupervisionLevel.Normal => "正常 Normal",
        SupervisionLevel.Yellow => "黄牌 Yellow",
        SupervisionLevel.Red => "红牌 Red",
        _ => "紧急 Urgent",
    };

    public static string AreaLevel(TicketAreaLevel level) => level switch
    {
        TicketAreaLevel.Grid => "网格 Grid",
        TicketAreaLevel.Community => "社区 Community",
        TicketAreaLevel.Street => "街道 Street",
        TicketAreaLevel.District => "区县 District",
        TicketAreaLevel.City => "市 City",
        _ => "部门 Department",
    };

    /// <summary>An area's or department's name from the city, else its key (no city loaded, or no longer in it).</summary>
    public static string Area(TicketArea? area, CityDirectory city) =>
        area is null ? "—" : NameOf(area, city) is { } name ? $"{name} ({area.Id})" : area.Key;

    /// <summary>An area given by its key, as audit entries carry it.</summary>
    public static string Area(string? key, CityDirectory city) =>
        key is null ? "" : TicketArea.TryParse(key, out var area) ? Area(area, city) : key;

    private static string? NameOf(TicketArea area, CityDirectory city) =>
        area.Level == TicketAreaLevel.Department ? city.FindDepartment(area.Id)?.Name : city.FindArea(area.Key)?.Name;
}
