using System.Collections.Frozen;
using System.Text;

namespace OrgLife.Bot.Features.Regulations.Retrieval;

/// <summary>
/// Brings questions and documents to one form before matching: full-width ASCII to half-width, lower case,
/// traditional characters to simplified (a curated table of common characters, not a full converter), and
/// established variant spellings (复盖 → 覆盖) to the standard form.
/// </summary>
internal static class ChineseTextFolding
{
    // Pairs "traditional simplified", chosen from characters that occur in Party and legal texts.
    private const string TraditionalPairs =
        "黨党 員员 會会 議议 選选 舉举 權权 義义 務务 紀纪 律律 處处 罰罚 開开 除除 費费 繳缴 納纳 預预 備备 " +
        "組组 織织 領领 導导 幹干 書书 記记 員员 團团 體体 這这 個个 們们 為为 與与 對对 於于 從从 過过 " +
        "還还 進进 運运 動动 產产 業业 際际 國国 華华 東东 馬马 線线 論论 經经 濟济 發发 展展 歷历 歲岁 " +
        "滿满 規规 則则 條条 章章 節节 編编 綱纲 誓誓 詞词 級级 屆届 屬属 擔担 當当 爭争 監监 督督 審审 " +
        "查查 覺觉 實实 現现 義义 觀观 點点 質质 學学 習习 讀读 講讲 課课 聽听 說说 話话 請请 問问 " +
        "應应 該该 須须 時时 間间 長长 幾几 歲岁 號号 門门 單单 職职 稱称 縣县 區区 鄉乡 鎮镇 廠厂 " +
        "機机 關关 構构 設设 計计 劃划 習习 慣惯 報报 告告 簡简 訊讯 網网 絡络 電电 腦脑 傳传 統统 " +
        "寫写 錄录 檔档 據据 證证 據据 處处 決决 議议 討讨 論论 評评 優优 秀秀 勞劳 動动 資资 險险 " +
        "養养 老老 醫医 療疗 婦妇 兒儿 孫孙 親亲 愛爱 誠诚 實实 貧贫 窮穷 貪贪 汙污 腐腐 敗败 廉廉 潔洁 " +
        "風风 氣气 陽阳 專专 業业 務务 軍军 隊队 衛卫 兵兵 戰战 爭争 勝胜 利利 舊旧 歸归 讓让 許许 " +
        "認认 識识 準准 確确 邊边 遠远 近近 農农 億亿 萬万 幣币 錢钱 價价 買买 賣卖 負负 責责 任任 " +
        "類类 種种 樣样 麼么 嗎吗 啟启 聯联 繫系 係系 態态 總总 徑径 驗验 測测 試试 壓压 遷迁 離离 " +
        "場场 陳陈 蘇苏 劉刘 趙赵 鄧邓 澤泽 濤涛 驗验 擁拥 護护 維维 遵遵 守守 嚴严 懲惩 戒戒 獎奖 勵励 " +
        "訂订 約约 試试 聘聘 僱雇 傭佣 終终 週周 薪薪 假假 補补 貼贴 獲获 據据 稅税 務务 險险 鑒鉴 " +
        "齡龄 標标 誌志 徽徽 幟帜 鐮镰 錘锤 頭头 圖图 紅红 黃黄 顏颜 色色 樓楼 門门 聲声 響响 藝艺 術术 " +
        "帶带 頂顶 項项 順顺 須须 顧顾 額额 願愿 類类 顯显 飛飞 養养 餘余 館馆 驅驱 驗验 體体 髮发 " +
        "鬥斗 魚鱼 鳥鸟 麥麦 齊齐 齒齿 龍龙 龜龟 為为 無无 愛爱 產产 畫画 異异 盡尽 監监 盤盘 " +
        "確确 禮礼 禍祸 離离 種种 積积 穩稳 窮穷 競竞 筆笔 築筑 簽签 節节 糧粮 約约 級级 紀纪 紛纷 " +
        "納纳 純纯 紙纸 細细 終终 組组 結结 絕绝 給给 統统 絲丝 經经 綜综 維维 綠绿 緊紧 線线 練练 " +
        "織织 繼继 續续 罷罢 羅罗 聖圣 聞闻 聯联 聰聪 肅肃 腳脚 與与 興兴 舉举 舊旧 艱艰 莊庄 華华 " +
        "萬万 葉叶 蕭萧 藥药 蘭兰 處处 號号 蟲虫 術术 衝冲 裝装 補补 複复 製制 襲袭 見见 規规 視视 覽览 " +
        "觸触 計计 訊讯 討讨 訓训 記记 訪访 許许 設设 診诊 評评 詞词 試试 詳详 誤误 說说 課课 調调 談谈 " +
        "請请 諸诸 謀谋 謝谢 證证 譯译 護护 讀读 變变 讓让 貝贝 負负 財财 貢贡 貨货 販贩 責责 貴贵 " +
        "費费 賀贺 資资 賞赏 質质 購购 贊赞 趕赶 趨趋 躍跃 車车 軌轨 軟软 較较 載载 輕轻 輔辅 輸输 轉转 " +
        "辦办 辭辞 農农 這这 連连 週周 進进 過过 達达 違违 遠远 適适 選选 遺遗 邊边 鄉乡 鄭郑 醫医 " +
        "釋释 針针 鐘钟 鋼钢 錯错 鍵键 鎮镇 長长 門门 閉闭 開开 閑闲 間间 關关 闡阐 陣阵 陰阴 陸陆 隊队 " +
        "階阶 際际 隨随 險险 隱隐 雖虽 雙双 雜杂 難难 電电 靈灵 靜静 韓韩 頁页 預预 領领 頻频 題题 風风";

    private static readonly FrozenDictionary<char, char> TraditionalToSimplified = BuildTraditionalTable();

    // Variant word forms (异形词) that people still type; the standard form is what documents use.
    private static readonly (string Variant, string Standard)[] VariantWords =
    [
        ("复盖", "覆盖"), ("计画", "计划"), ("订定", "制定"), ("身分", "身份"), ("成份", "成分"),
    ];

    /// <summary>Folded copy of <paramref name="text"/>; same length, so character offsets stay valid for highlighting.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var raw in text)
        {
            var c = raw;
            if (c is >= '\uFF01' and <= '\uFF5E' && !IsChineseFullWidthPunctuation(c))
            {
                c = (char)(c - 0xFEE0);
            }
            else if (c == '\u3000')
            {
                c = ' ';
            }

            if (c is >= 'A' and <= 'Z')
            {
                c = (char)(c + 32);
            }
            else if (c >= '\u4E00' && TraditionalToSimplified.TryGetValue(c, out var simplified))
            {
                c = simplified;
            }

            builder.Append(c);
        }

        foreach (var (variant, standard) in VariantWords)
        {
            builder.Replace(variant, standard);
        }

        return builder.ToString();
    }

    /// <summary>CJK unified ideographs (basic block and extension A).</summary>
    public static bool IsHan(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or '〇';

    // （）、，：；！？ carry meaning for item numbering and sentence breaks; keep them as they are.
    private static bool IsChineseFullWidthPunctuation(char c) => c is '（' or '）' or '，' or '：' or '；' or '！' or '？';

    private static FrozenDictionary<char, char> BuildTraditionalTable()
    {
        var table = new Dictionary<char, char>();
        foreach (var pair in TraditionalPairs.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.Length == 2 && pair[0] != pair[1])
            {
                table[pair[0]] = pair[1];
            }
        }

        return table.ToFrozenDictionary();
    }
}
