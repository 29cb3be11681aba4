namespace OrgLife.Bot.Platform.Routing;

/// <summary>Resource marker for the host's own texts (BotStrings.resx: zh-CN; BotStrings.en.resx: English).</summary>
internal sealed class BotStrings;
