using CommandCenter.Protocol;

namespace CommandCenter.Simulators.Records;

/// <summary>The people and phrases simulated records are made of; names depend only on the id they belong to.</summary>
internal static class RecordTexts
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英"];

    public static readonly (string Item, string Note)[] Risks =
    [
        ("landing door gap", "gap between landing door panels wider than 6 mm on one floor"),
        ("car lighting", "one car light out"),
        ("emergency alarm", "alarm answered late by the duty room"),
        ("ride quality", "unusual noise when the car passes the middle floors"),
        ("machine room", "machine room door found unlocked"),
        ("certificate", "inspection certificate not displayed in the car"),
        ("levelling", "car stops about 15 mm below the landing"),
        ("signage", "safety notice in the car torn"),
    ];

    public static readonly string[] GeneralHazards =
    [
        "door lock contact worn",
        "guide shoe linings worn",
        "standing water in the pit",
        "emergency lighting battery weak",
        "car door safety edge slow to react",
    ];

    public static readonly string[] SeriousHazards =
    [
        "brake linings worn beyond the limit",
        "broken wires in a traction rope over the discard limit",
        "safety gear did not trip in the test",
    ];

    public static readonly string[] Minutes =
    [
        "Reviewed the month's daily checks, weekly hazard investigations and maintenance records; open hazards assigned to the safety officers with deadlines.",
        "Went through the risk lists of every elevator with the maintenance firm; agreed on fixes for the hazards found and checked last month's follow-ups.",
        "Checked that every elevator was inspected daily and investigated weekly; discussed the late records and the trapped-passenger drills.",
    ];

    public static readonly string[] NextFocus =
    [
        "door operators and landing door locks",
        "rescue drill with the maintenance firm",
        "risk lists of the oldest elevators",
        "hazards still open from the weekly investigations",
        "emergency phones and alarm answering in the duty room",
    ];

    /// <summary>A plausible Chinese name that depends only on <paramref name="hash"/>.</summary>
    public static string Person(int hash) => Surnames[hash % Surnames.Length] + GivenNames[hash / Surnames.Length % GivenNames.Length];
}
