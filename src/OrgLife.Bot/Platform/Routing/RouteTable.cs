using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Platform.Routing;

/// <summary>What a card action answers: a replacement card, a short message, or nothing visible.</summary>
internal sealed record CardResult(JsonObject? Card, string? Message)
{
    public static readonly CardResult None = new(null, null);
    public static CardResult Replace(JsonObject card) => new(card, null);
    public static CardResult Text(string message) => new(null, message);
}

internal delegate Task CommandHandler(IServiceProvider services, BotTurn turn, string arguments, CancellationToken cancellationToken);
internal delegate Task<CardResult> CardActionHandler(IServiceProvider services, BotTurn turn, CardAction action, CancellationToken cancellationToken);
internal delegate Task<bool> TextFallbackHandler(IServiceProvider services, BotTurn turn, CancellationToken cancellationToken);
internal delegate Task<bool> FileHandler(IServiceProvider services, BotTurn turn, IReadOnlyList<Attachment> files, CancellationToken cancellationToken);
/// <summary>A file handler and what it is offered.</summary>
internal sealed record FileRoute(int Order, bool InlineImages, FileHandler Handler);

internal delegate Task TurnObserver(IServiceProvider services, BotTurn turn, CancellationToken cancellationToken);

/// <summary>
/// One line of the help card: the command to type and what it does, in the feature's own resources;
/// <paramref name="Button"/> when it is an everyday command that takes no argument, offered as a button.
/// </summary>
internal sealed record HelpEntry(Type ResourceType, string CommandKey, string DescriptionKey, int Order, bool Button = false)
{
    public (string Command, string Description) Localize(IStringLocalizerFactory factory)
    {
        var localizer = factory.Create(ResourceType);
        return (localizer[CommandKey], localizer[DescriptionKey]);
    }
}

/// <summary>The phrases of one command, and whether the help card leaves it out.</summary>
internal sealed record CommandWords(IReadOnlyList<string> Phrases, bool Unlisted);

/// <summary>
/// The explicit route table: text commands (by phrase, in any language), card verbs, the fallback for free
/// text (Q&amp;A), file uploads and help entries. Each feature adds its routes in its <c>Add&lt;Feature&gt;()</c>;
/// adding a phrase or verb twice throws at start-up.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, CommandHandler> _commands = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CommandHandler> _wholeMessages = new(StringComparer.OrdinalIgnoreCase);
    private int _longestPhrase;
    private readonly Dictionary<string, CardActionHandler> _cardActions = new(StringComparer.Ordinal);
    private readonly List<HelpEntry> _help = [];
    private readonly List<CommandWords> _commandWords = [];
    private readonly List<TurnObserver> _installObservers = [];
    private readonly List<FileRoute> _files = [];

    public IReadOnlyDictionary<string, CommandHandler> Commands => _commands;
    public IReadOnlyDictionary<string, CardActionHandler> CardActions => _cardActions;
    public IReadOnlyList<HelpEntry> Help => _help;

    /// <summary>The words of each command as registered (one entry per <see cref="Command{THandler}"/> call).</summary>
    public IReadOnlyList<CommandWords> CommandWords => _commandWords;
    public TextFallbackHandler? TextFallback { get; private set; }

    /// <summary>The handlers of files sent to the bot, in the order they are asked (the first that takes the files wins).</summary>
    public IReadOnlyList<FileRoute> Files => [.. _files.OrderBy(f => f.Order)];

    /// <summary>Runs when the bot is installed in a scope (after the welcome card), e.g. to seed data.</summary>
    public IReadOnlyList<TurnObserver> InstallObservers => _installObservers;

    /// <summary>
    /// Routes every phrase (e.g. "新建会议", "new meeting") to a handler method of <typeparamref name="THandler"/>.
    /// A command is listed on the help card unless <paramref name="unlisted"/> (e.g. the undo of a listed command);
    /// a test checks that help, manifest and routes agree.
    /// </summary>
    public RouteTable Command<THandler>(IEnumerable<string> phrases, Func<THandler, BotTurn, string, CancellationToken, Task> handler, bool unlisted = false)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var words = phrases.ToList();
        _commandWords.Add(new CommandWords(words, unlisted));
        foreach (var phrase in words)
        {
            var key = NormalizePhrase(phrase);
            if (!_commands.TryAdd(key, (sp, turn, args, ct) => handler(sp.GetRequiredService<THandler>(), turn, args, ct)))
            {
                throw new InvalidOperationException($"The command phrase '{phrase}' is routed twice.");
            }

            _longestPhrase = Math.Max(_longestPhrase, key.Length);
        }

        return this;
    }

    /// <summary>
    /// Routes messages that are exactly one of the phrases (a greeting such as "你好"), never the start of a
    /// longer message: "你好，预备期多长时间？" stays a question.
    /// </summary>
    public RouteTable WholeMessage<THandler>(IEnumerable<string> phrases, Func<THandler, BotTurn, string, CancellationToken, Task> handler)
        where THandler : notnull
    {
        ArgumentNullException.ThrowIfNull(phrases);
        foreach (var phrase in phrases)
        {
            if (!_wholeMessages.TryAdd(NormalizePhrase(phrase), (sp, turn, args, ct) => handler(sp.GetRequiredService<THandler>(), turn, args, ct)))
            {
                throw new InvalidOperationException($"The message '{phrase}' is routed twice.");
            }
        }

        return this;
    }

    /// <summary>Routes a card verb (Action.Submit <c>data.verb</c> or Action.Execute <c>verb</c>).</summary>
    public RouteTable CardAction<THandler>(string verb, Func<THandler, BotTurn, CardAction, CancellationToken, Task<CardResult>> handler)
        where THandler : notnull
    {
        if (!_cardActions.TryAdd(verb, (sp, turn, action, ct) => handler(sp.GetRequiredService<THandler>(), turn, action, ct)))
        {
            throw new InvalidOperationException($"The card verb '{verb}' is routed twice.");
        }

        return this;
    }

    /// <summary>Free text that matched no command (questions). Only one feature may own it.</summary>
    public RouteTable Fallback<THandler>(Func<THandler, BotTurn, CancellationToken, Task<bool>> handler)
        where THandler : notnull
    {
        if (TextFallback is not null)
        {
            throw new InvalidOperationException("The free-text fallback is routed twice.");
        }

        TextFallback = (sp, turn, ct) => handler(sp.GetRequiredService<THandler>(), turn, ct);
        return this;
    }

    /// <summary>
    /// Files sent to the bot: Teams file attachments (<c>file.download.info</c>), and with <paramref name="inlineImages"/>
    /// also images pasted into the message (<c>image/*</c> with a <c>contentUrl</c>). Several features may take files:
    /// they are asked by ascending <paramref name="order"/>, and a handler returns false to leave the files to the next.
    /// </summary>
    public RouteTable FileUpload<THandler>(Func<THandler, BotTurn, IReadOnlyList<Attachment>, CancellationToken, Task<bool>> handler, int order = 0, bool inlineImages = false)
        where THandler : notnull
    {
        if (_files.Any(f => f.Order == order))
        {
            throw new InvalidOperationException($"Two file handlers share the order {order}.");
        }

        _files.Add(new FileRoute(order, inlineImages, (sp, turn, files, ct) => handler(sp.GetRequiredService<THandler>(), turn, files, ct)));
        return this;
    }

    public RouteTable OnInstalled<THandler>(Func<THandler, BotTurn, CancellationToken, Task> handler)
        where THandler : notnull
    {
        _installObservers.Add((sp, turn, ct) => handler(sp.GetRequiredService<THandler>(), turn, ct));
        return this;
    }

    /// <summary>Adds a help-card line; texts come from <typeparamref name="TResources"/>.</summary>
    public RouteTable HelpLine<TResources>(string commandKey, string descriptionKey, int order, bool button = false)
    {
        _help.Add(new HelpEntry(typeof(TResources), commandKey, descriptionKey, order, button));
        return this;
    }

    /// <summary>Finds the longest phrase the text starts with; the rest are the arguments.</summary>
    public bool TryMatch(string text, out CommandHandler handler, out string arguments)
    {
        var normalized = NormalizePhrase(text);
        if (_wholeMessages.TryGetValue(normalized, out handler!))
        {
            arguments = "";
            return true;
        }

        // Longest first so "我的任务" wins over "任务" and "make secretary" over "make".
        // Only prefixes up to the longest phrase (+1 for the single space normalisation leaves) can match: the
        // work per message stays linear in its length, not quadratic (a 100k-character paste took 34 s).
        for (var end = Math.Min(normalized.Length, _longestPhrase + 1); end > 0; end--)
        {
            if (end < normalized.Length && !IsBoundary(normalized, end))
            {
                continue;
            }

            if (_commands.TryGetValue(normalized[..end].TrimEnd(), out handler!))
            {
                arguments = normalized[end..].Trim();
                return true;
            }
        }

        handler = null!;
        arguments = "";
        return false;
    }

    // A phrase may end where a space starts, or anywhere between CJK characters ("任务12" → "任务" + "12").
    private static bool IsBoundary(string text, int end) =>
        char.IsWhiteSpace(text[end]) || !IsAsciiLetter(text[end]) || !IsAsciiLetter(text[end - 1]);

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static string NormalizePhrase(string phrase) =>
        string.Join(' ', phrase.Trim().TrimStart('/').TrimEnd(TrailingPunctuation).Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    private static readonly char[] TrailingPunctuation = ['?', '？', '!', '！', '。', '.', ',', '，', '~', '～', ' '];
}

internal static class RouteTableRegistration
{
    /// <summary>Adds routes to the table; applied once, in registration order, when the router is built.</summary>
    public static IServiceCollection AddRoutes(this IServiceCollection services, Action<RouteTable> configure) =>
        services.Configure(configure);
}
