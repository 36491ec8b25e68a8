namespace CommandCenter.Simulators.City;

/// <summary>
/// Name material for generated cities: Yinchuan's real roads by district, and word pools for compounds, lots,
/// people and firms. The administrative tree itself is real (<see cref="CommandCenter.Geography.Sources.YinchuanAtlas"/>).
/// </summary>
internal static class CityNames
{
    /// <summary>
    /// One district of the catalogue, by its GB/T 2260 code: <see cref="Weight"/> is its share of maintenance firms,
    /// <see cref="Roads"/> its real roads for addresses. Its name, streets, communities and outline come from the
    /// committed data (<see cref="CommandCenter.Geography.Sources.YinchuanAtlas"/>).
    /// </summary>
    internal sealed record DistrictEntry(string AreaCode, double Weight, string[] Roads);

    /// <summary>In the order a generated city takes them: the urban districts first, so a two-district demo is 兴庆区 and 金凤区.</summary>
    public static readonly IReadOnlyList<DistrictEntry> Districts =
    [
        new("640104", 0.25,
            ["解放东街", "解放西街", "文化东街", "文化西街", "新华东街", "中山南街", "中山北街", "清和北街", "民族北街", "胜利南街",
             "丽景北街", "银古路", "凤凰北街", "玉皇阁北街", "湖滨东街", "南薰东街", "北京东路", "上海东路", "长城东路", "宝湖东路"]),
        new("640106", 0.19,
            ["北京中路", "上海西路", "正源北街", "亲水大街", "宝湖中路", "万寿路", "黄河东路", "长城中路", "满城北街", "阅海路",
             "康平路", "福州北街", "泰康街", "尹家渠街", "新昌西路", "宁安大街"]),
        new("640105", 0.16,
            ["北京西路", "怀远路", "文昌北街", "朔方路", "宁华路", "贺兰山西路", "同心路", "学院路", "文萃北街", "西夏广场路", "兴洲北街"]),
        new("640121", 0.13,
            ["杨和街", "团结西路", "宁和南街", "望远大街", "纳家户路", "永宁大街", "正源南街"]),
        new("640122", 0.14,
            ["银河东路", "富兴北街", "习岗街", "太阳街", "光明路", "兰光街", "贺兰山路"]),
        new("640181", 0.13,
            ["灵州大街", "长宁街", "西平街", "朔方路", "民乐路", "东塔街", "南门路"]),
    ];

    public static readonly string[] CommunityWords =
    [
        "丽景", "富宁", "银河", "湖滨", "新华", "文化", "朝阳", "光明", "幸福", "和平", "康居", "阅海", "宝湖", "金波", "正丰", "长城",
        "海宝", "民族", "紫园", "兴源", "唐徕", "森林", "凤凰", "塔桥", "北塔", "红花", "燕鸽", "满春", "丰庆", "华雁", "馨和", "康馨",
        "碧水", "清河", "艾依", "六盘", "怀远", "同心", "宁安", "南门", "鼓楼", "玉皇", "中山", "银湖", "开元", "双渠", "枕水", "通达",
        "长河", "新城", "西湖", "瑞景", "安居", "锦绣", "悦海", "亲水", "宝丰", "德胜", "永安", "嘉园", "金桥", "春林", "秀水", "文萃",
    ];

    public static readonly string[] CompoundWords =
    [
        "万家", "阅海", "紫金", "金地", "绿地", "中房", "宝湖", "海宝", "世纪", "丽景", "锦绣", "碧水", "观湖", "亲水", "书香", "御景",
        "天鹅湖", "东方", "新城", "康居", "幸福", "和谐", "滨河", "森林", "温馨", "润泽", "兴庆府", "凤凰城", "长河", "金桥", "银湖",
        "西湖", "泰和", "华润", "中海", "万科", "融创", "金凤", "悦府", "上城", "枫林", "湖畔", "水岸", "阳光", "塞上", "名都",
    ];

    public static readonly string[] CompoundSuffixes = ["小区", "小区", "小区", "花园", "家园", "苑", "嘉园", "名邸", "新村", "公馆"];

    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "马", "杨", "陈", "赵", "黄", "周", "吴", "徐", "孙", "朱", "高", "何", "郭", "罗", "丁", "田", "金",
        "苏", "沈", "纳", "冯", "韩", "曹", "蒋", "白", "海", "虎", "拜", "锁",
    ];

    public static readonly string[] GivenNames =
    [
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚",
        "桂英", "建华", "志强", "文", "斌", "宁", "燕", "鹏", "辉", "玲", "红", "俊", "海涛", "晓东", "小龙", "建国", "玉兰", "国庆",
        "立新", "卫东", "春梅", "丽娟", "学军", "德福", "忠", "金花", "永刚", "彦明", "少华",
    ];

    public static readonly string[] FirmWords =
    [
        "宁安", "塞上", "贺兰山", "黄河", "凤城", "银川", "西夏", "朔方", "宝塔", "六盘", "沙湖", "鸣翠", "通达", "恒信", "安泰", "顺捷",
        "永安", "鑫源", "华美", "金达", "瑞通", "盛世", "中宁", "嘉禾", "博远", "宏泰", "利民", "诚信", "天元", "正阳", "启明", "昌盛",
        "新锐", "卓越", "远航", "润达", "和顺", "腾达", "康泰", "宁东", "兴业", "德胜", "万通", "恒达", "泰安", "安捷", "佳信", "致远",
    ];

    public static readonly string[] FirmBrands = ["奥的斯", "迅达", "通力", "三菱", "日立", "蒂森", "康力", "快意", "西继迅达", "广日", "东芝", "富士达"];

    public static readonly string[] FirmTemplates =
    [
        "宁夏{0}电梯工程有限公司", "银川{0}电梯安装维修有限公司", "宁夏{0}机电设备有限公司", "银川{0}电梯服务有限公司",
    ];

    /// <summary>Numerals for ordinals in names (二期, 三组).</summary>
    public static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public static string Ordinal(int n) => n switch
    {
        <= 10 => Numerals[n - 1],
        < 20 => "十" + Numerals[n - 11],
        < 100 => Numerals[n / 10 - 1] + "十" + (n % 10 == 0 ? "" : Numerals[n % 10 - 1]),
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
