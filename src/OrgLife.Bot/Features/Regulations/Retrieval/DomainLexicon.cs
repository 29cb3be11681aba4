namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// Curated vocabulary for Party regulations and the labour/social laws members ask about alongside them:
/// dictionary words (indexed as whole words on top of character n-grams), synonym groups, a bilingual
/// glossary for English questions, and question words that carry no content. Kept as data in one place so
/// reviewers can extend it without touching ranking code.
/// </summary>
internal static class DomainLexicon
{
    /// <summary>Synonym groups: any member found in a question also searches the others (at a lower weight).</summary>
    public static readonly string[][] SynonymGroups =
    [
        ["党费", "交纳党费", "缴纳党费", "交党费"],
        ["预备期", "预备党员", "预备期满", "考察期"],
        ["转正", "转为正式党员", "预备期满"],
        ["入党", "加入中国共产党", "加入党组织", "申请入党"],
        ["入党申请", "申请入党", "入党申请书", "入党志愿书"],
        ["介绍人", "入党介绍人"],
        ["脱党", "自行脱党", "除名"],
        ["处分", "纪律处分", "党纪处分"],
        ["最严重的处分", "最高处分", "开除党籍"],
        ["宣誓", "入党宣誓", "入党誓词", "誓词"],
        ["纪委", "纪律检查委员会", "纪检机关"],
        ["纪检委员", "纪律检查委员"],
        ["支委会", "支部委员会"],
        ["支部大会", "党员大会", "支部党员大会"],
        ["党小组会", "党小组"],
        ["县委", "县委员会", "县（旗）"],
        ["国企", "国有企业"],
        ["干部", "领导干部"],
        ["终身", "终身制"],
        ["全会", "全体会议"],
        ["党代会", "代表大会"],
        ["地方党委", "地方各级委员会"],
        ["党委", "党的委员会"],
        ["保留意见", "声明保留"],
        ["不同看法", "不同意见"],
        ["一届", "每届任期", "任期"],
        ["党组织", "基层组织", "党的基层组织"],
        ["建立", "成立", "组建"],
        ["样子", "图案", "长什么样"],
        ["全覆盖", "覆盖"],
        ["开会", "召开", "举行", "会议"],
        ["加班", "延长工作时间"],
        ["加班费", "延长工作时间的工资报酬", "工资报酬"],
        ["辞职", "离职", "解除劳动合同"],
        ["经济补偿", "补偿金"],
        ["失业金", "失业保险金"],
        ["养老金", "基本养老金", "退休金"],
        ["年休假", "年假", "带薪年休假"],
        ["最多", "最长"],
        ["二倍工资", "双倍工资", "二倍的工资"],
        ["要孩子", "生育", "婚育"],
        ["结婚", "婚姻", "婚育"],
        ["面试", "招聘", "招录", "录用"],
        ["公司", "单位", "用人单位"],
        ["hr", "用人单位"],
        ["监委", "监察机关", "监察委员会"],
        ["中层管理人员", "管理人员"],
        ["不服", "申诉", "复核"],
        ["签合同", "订立书面劳动合同", "订立劳动合同"],
    ];

    /// <summary>
    /// One-way expansions: a collective term whose parts are what documents actually mention. Unlike synonyms,
    /// a document that mentions only one part does not fully answer a question about the whole.
    /// </summary>
    public static readonly (string Term, string[] Parts)[] Expansions =
    [
        ("三会一课", ["支部党员大会", "支部委员会会议", "党小组会", "党课"]),
        ("组织生活", ["组织生活会", "民主评议党员", "三会一课"]),
    ];

    /// <summary>Extra dictionary words beyond those in the synonym groups.</summary>
    public static readonly string[] Words =
    [
        "中国共产党", "共产党员", "正式党员", "党员", "党章", "党籍", "党龄", "党徽", "党旗", "党组", "党课", "主题党日",
        "留党察看", "开除党籍", "撤销党内职务", "严重警告", "警告", "表决权", "选举权", "被选举权", "权利", "义务",
        "全国代表大会", "中央委员会", "中央政治局", "常务委员会", "总书记", "中央军事委员会", "政治局",
        "纪律检查委员会", "巡视", "巡视制度", "民主集中制", "集体领导", "个人分工负责", "组织生活会",
        "政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律", "思想路线", "基本路线",
        "四项基本原则", "改革开放", "共产主义", "社会主义", "主要矛盾", "最高理想", "最终目标", "监督执纪问责",
        "把方向", "管大局", "保落实", "任期", "党支部", "总支部委员会", "基层委员会", "候补委员", "委员",
        "劳动合同", "试用期", "劳动者", "用人单位", "工资", "工会", "会员", "经费", "拨缴", "工资总额",
        "基本养老保险", "养老保险", "失业保险", "社会保险", "累计缴费", "安全生产", "管理机构", "从业人员",
        "国家秘密", "保密期限", "绝密", "机密", "秘密", "个人信息", "敏感个人信息", "休息", "休假", "监察",
        "公务员", "人事处理", "申诉", "复核", "经济补偿", "协商一致", "通知", "书面形式", "婚假", "产假",
        "年满十八岁", "十八岁", "入党誓词", "党的纪律", "纪律",
    ];

    /// <summary>Words that ask rather than say; removed from questions before matching (not from documents).</summary>
    public static readonly string[] QuestionWords =
    [
        "什么", "怎么样", "怎么", "怎样", "如何", "哪些", "哪几种", "哪几个", "哪几", "哪个", "哪天", "哪里", "哪儿",
        "多少", "多长时间", "多长", "多久", "几个", "几年", "几次", "几种", "几天", "几", "是不是", "是否", "可不可以",
        "能不能", "要不要", "能否", "可以吗", "吗", "呢", "啊", "吧", "呀", "嘛", "啥", "来着", "请问", "我们", "我",
        "你们", "你", "的", "了", "是", "就", "都", "也", "还", "得", "与", "及", "或", "有", "在", "被",
        "把", "给", "一下", "现在", "如果", "这样", "那个", "这个", "一直", "下去", "今年", "还是", "概括",
        "么", "可以", "应该", "应当", "必须", "里面",
    ];

    /// <summary>English phrase → Chinese terms. Longer phrases win over the words they contain.</summary>
    public static readonly (string English, string Chinese)[] Glossary =
    [
        ("probationary party member", "预备党员"), ("probationary member", "预备党员"), ("probationary period", "预备期"),
        ("probationary", "预备"), ("probation", "试用期 预备期"), ("full member", "正式党员"),
        ("party member", "党员"), ("member", "党员 会员"), ("membership dues", "党费"), ("party dues", "党费"), ("dues", "党费"),
        ("party constitution", "党章"), ("party charter", "党章"), ("constitution of the party", "党章"), ("constitution", "宪法 章程"),
        ("communist party", "中国共产党"), ("party", "党"),
        ("vote", "表决权 选举"), ("voting", "表决权"), ("stand in", "被选举权"), ("stand for", "被选举权"), ("be elected", "被选举权"),
        ("election", "选举权 选举"), ("elect", "选举"),
        ("flag", "党旗 旗"), ("emblem", "党徽"), ("look like", "图案"), ("looks like", "图案"), ("design", "图案"),
        ("convene", "召集"), ("convenes", "召集"), ("plenary session", "全体会议"), ("plenary", "全体会议"),
        ("central committee", "中央委员会"), ("political bureau", "中央政治局"), ("politburo", "中央政治局"),
        ("how often", "每年 举行"), ("held", "举行"), ("hold", "举行"), ("once a year", "每年 一次"),
        ("most severe disciplinary penalty", "最高处分 开除党籍"), ("inside the party", "党内"), ("within the party", "党内"),
        ("what kinds of", "包括"), ("what kind of", "包括"), ("count as", "属于 包括"),
        ("most severe", "最高"), ("highest", "最高"), ("severe", "严重"), ("heaviest", "最高"),
        ("disciplinary penalty", "处分"), ("disciplinary", "纪律处分"), ("discipline", "纪律"), ("penalty", "处分"),
        ("punishment", "处分 处罚"), ("sanction", "处分"), ("expulsion", "开除党籍"), ("expel", "开除党籍"), ("expelled", "开除党籍"),
        ("four cardinal principles", "四项基本原则"), ("cardinal principles", "基本原则"), ("principle", "原则"),
        ("join", "加入 入党"), ("apply", "申请"), ("application", "申请"), ("admission", "入党"), ("oath", "誓词 宣誓"),
        ("branch", "支部"), ("committee", "委员会"), ("general secretary", "总书记"), ("secretary", "书记"), ("term", "任期"),
        ("national congress", "全国代表大会"), ("congress", "代表大会"), ("cadre", "干部"), ("official", "干部"),
        ("quit", "解除劳动合同"), ("resign", "解除劳动合同"), ("job", "劳动合同"), ("notice", "提前 通知"),
        ("in writing", "书面形式"), ("written", "书面形式"),
        ("employer", "用人单位"), ("company", "用人单位"), ("employee", "劳动者"), ("worker", "劳动者 职工"),
        ("sensitive", "敏感"), ("personal information protection law", "个人信息保护法"), ("personal information", "个人信息"),
        ("right to rest", "休息的权利"), ("rest", "休息"), ("annual leave", "年休假"), ("leave", "休假"), ("vacation", "休假"),
        ("overtime", "延长工作时间"), ("wage", "工资"), ("salary", "工资"), ("contract", "合同"), ("labor contract", "劳动合同"),
        ("labour contract", "劳动合同"), ("trade union", "工会"), ("union", "工会"), ("pension", "养老金"), ("tax", "税"),
        ("marriage leave", "婚假"), ("maternity", "产假 生育"), ("dismiss", "解除劳动合同"), ("fire", "解除劳动合同"),
        ("compensation", "经济补偿"), ("severance", "经济补偿"), ("unemployment", "失业"), ("insurance", "保险"),
        ("social insurance", "社会保险"), ("state secret", "国家秘密"), ("secret", "秘密"), ("classified", "秘密"),
        ("supervision", "监督 监察"), ("supervise", "监督"), ("inspection tour", "巡视"), ("meeting", "会议"),
        ("right", "权利"), ("duty", "义务"), ("duties", "义务"), ("obligation", "义务"), ("age", "年龄 年满"),
        ("year", "年"), ("month", "月"), ("day", "日"), ("introducer", "介绍人"), ("sponsor", "介绍人"),
        ("discipline inspection", "纪律检查"), ("democratic centralism", "民主集中制"), ("ideal", "理想"), ("goal", "目标"),
        ("party lecture", "党课"), ("party class", "党课"), ("theme party day", "主题党日"), ("party day", "主题党日"),
        ("branch committee", "支部委员会"), ("branch meeting", "支部党员大会"), ("general meeting", "党员大会"), ("party group", "党小组"),
        ("ask for leave", "请假"), ("leave of absence", "请假"), ("absent", "缺席"), ("absence", "缺席"), ("remind", "提醒"),
        ("reminder", "提醒"), ("responsibility list", "责任清单"), ("organizational life", "组织生活"), ("organisational life", "组织生活"),
        ("democratic appraisal", "民主评议"), ("criticism and self-criticism", "批评和自我批评"), ("pledge", "誓词"),
        ("retire", "退休"), ("retirement", "退休"), ("maternity leave", "产假"), ("sick leave", "病假"), ("work injury", "工伤"),
        ("minimum wage", "最低工资"), ("working hour", "工作时间"), ("labor dispute", "劳动争议"), ("labour dispute", "劳动争议"),
        ("arbitration", "仲裁"), ("woman", "妇女"), ("women", "妇女"), ("minor", "未成年人"), ("privacy", "隐私"), ("consent", "同意"),
        ("civil servant", "公务员"), ("appeal", "申诉"), ("review", "复核"), ("trial period", "试用期"), ("resignation", "辞职 解除劳动合同"),
        ("economic compensation", "经济补偿"), ("double wage", "二倍的工资"), ("double pay", "二倍的工资"), ("written contract", "书面劳动合同"),
        ("communism", "共产主义"), ("socialism", "社会主义"), ("different", "不同"), ("during", "期间 期内"),
    ];

    /// <summary>English words that carry no content of their own.</summary>
    public static readonly string[] EnglishStopWords =
    [
        "a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "can", "could", "may",
        "might", "will", "would", "shall", "should", "what", "which", "who", "whom", "whose", "when", "where", "why",
        "how", "i", "me", "my", "we", "our", "you", "your", "he", "she", "it", "its", "they", "them", "their", "this",
        "that", "these", "those", "of", "in", "on", "at", "to", "for", "from", "by", "with", "about", "into", "inside",
        "according", "under", "as", "and", "or", "not", "any", "anything", "say", "says", "said", "there", "if", "than",
        "then", "much", "many", "have", "has", "had", "get", "got", "want", "need", "give", "given", "often", "kind",
        "kinds", "count", "counts", "like", "most", "also", "often", "it's", "i'm", "don't", "doesn't", "whether", "some",
        "other", "all", "only", "so", "very", "please", "tell", "know", "mean", "means", "does", "am", "s",
    ];

    /// <summary>Short names people use for a title, mapped to the exact title.</summary>
    public static readonly (string Alias, string Title)[] TitleAliases =
    [
        ("党章", "中国共产党章程"), ("支部工作条例", "中国共产党支部工作条例（试行）"), ("纪律处分条例", "中国共产党纪律处分条例"),
        ("党费规定", "关于中国共产党党费收缴、使用和管理的规定"),
    ];
}
