using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using OrgLife.Bot.Platform.Cards;
using OrgLife.Bot.Features.Regulations.Library;
using OrgLife.Bot.Features.Regulations.Llm;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>What a feedback button carries so the answer card can be drawn again with a thank-you.</summary>
internal sealed record AnswerState(long D, int A, IReadOnlyList<string>? T, IReadOnlyList<long[]>? R)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static AnswerState? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<AnswerState>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The Regulations cards, every text from <see cref="RegulationsStrings"/> in the current UI culture.</summary>
internal sealed class RegulationCards(CardTemplates templates, IStringLocalizer<RegulationsStrings> text)
{
    private const int MaxRelated = 2;
    private static readonly JsonSerializerOptions CardJson = new(JsonSerializerDefaults.Web);

    /// <summary>The answer: the article with the question's words in bold, its citation and edition, related articles, feedback.</summary>
    public JsonObject Answer(string questionId, CitedArticle main, IReadOnlyList<CitedArticle> related, IReadOnlyList<string> terms, WrittenAnswer? written, IReadOnlyList<CitedArticle>? writtenSources, bool thanked = false, bool helpful = true)
    {
        ArgumentNullException.ThrowIfNull(main);
        ArgumentNullException.ThrowIfNull(related);
        var relatedShown = related.Where(r => r != main).Take(MaxRelated).ToList();
        object[] sources = written is not null && writtenSources is not null
            ? [.. written.CitedSources.Where(i => i < writtenSources.Count).Select(i => Source(writtenSources[i], terms, $"[{i + 1}] {Citation(writtenSources[i])}"))]
            : [Source(main, terms, null)];
        var state = new AnswerState(main.Document.Id, main.Ordinal, terms.Take(12).ToList(), [.. relatedShown.Select(r => new[] { r.Document.Id, (long)r.Ordinal })]);
        return templates.Render("regulations/answer", new
        {
            title = written is null ? text["AnswerTitle", ArticleMarkdown.Escape(Citation(main))].Value : text["WrittenTitle"].Value,
            written = written is null ? null : ArticleMarkdown.Escape(written.Text),
            sourcesLabel = text["SourcesLabel"].Value,
            sources = Repeated("sources", sources),
            relatedLabel = text["RelatedLabel"].Value,
            related = Repeated("related", relatedShown.Select(r => new { title = Citation(r), doc = r.Document.Id, art = r.Ordinal })),
            thanks = thanked ? text[helpful ? "FeedbackThanks" : "FeedbackThanksDown"].Value : null,
            feedback = thanked ? null : new
            {
                prompt = text["FeedbackPrompt"].Value,
                up = text["Helpful"].Value,
                down = text["NotHelpful"].Value,
                id = questionId,
                state = state.Serialize(),
            },
        });
    }

    /// <summary>One article opened from a related-article button: no feedback, its own neighbours as related.</summary>
    public JsonObject Article(CitedArticle article, IReadOnlyList<CitedArticle> related) => templates.Render("regulations/answer", new
    {
        title = ArticleMarkdown.Escape(Citation(article)),
        sourcesLabel = text["SourcesLabel"].Value,
        sources = Repeated("sources", [Source(article, [], null)]),
        relatedLabel = text["RelatedLabel"].Value,
        related = Repeated("related", related.Take(MaxRelated).Select(r => new { title = Citation(r), doc = r.Document.Id, art = r.Ordinal })),
    });

    public JsonObject NotCovered(string questionId, string question, string? status = null) => templates.Render("regulations/not-covered", new
    {
        title = text["NotCoveredTitle"].Value,
        body = text["NotCoveredBody"].Value,
        question = ArticleMarkdown.Escape(question),
        hint = status is null ? text["NotCoveredHint"].Value : null,
        status,
        ask = status is null ? new { title = text["AskSecretary"].Value, id = questionId } : null,
    });

    public JsonObject Curated(CuratedAnswer curated) => templates.Render("regulations/curated", new
    {
        title = text["CuratedTitle"].Value,
        question = ArticleMarkdown.Escape(curated.Question),
        answer = ArticleMarkdown.Escape(curated.Answer),
        by = text["CuratedBy", curated.AnsweredByName].Value,
    });

    /// <summary>The question in a secretary's chat: with the answer form, or closed with its status.</summary>
    public JsonObject Forwarded(AskedQuestion question, string askerName, string? answer = null, bool faq = true, string? error = null, string? status = null, string? answeredText = null) =>
        templates.Render("regulations/forwarded", new
        {
            title = text["ForwardTitle"].Value,
            from = text["ForwardFrom", askerName].Value,
            question = ArticleMarkdown.Escape(question.Question),
            error,
            status,
            answered = answeredText is null ? null : ArticleMarkdown.Escape(answeredText),
            form = status is null ? new
            {
                label = text["AnswerLabel"].Value,
                placeholder = text["AnswerPlaceholder"].Value,
                answer = answer ?? "",
                saveAsFaq = text["SaveAsFaq"].Value,
                faq = faq ? "true" : "false",
                send = text["SendAnswer"].Value,
                id = question.PublicId,
            } : null,
        });

    public JsonObject Reply(string question, string answer, string secretaryName) => templates.Render("regulations/reply", new
    {
        title = text["ReplyTitle"].Value,
        question = text["ReplyQuestion", ArticleMarkdown.Escape(question)].Value,
        by = text["AnsweredBy", secretaryName].Value,
        answer = ArticleMarkdown.Escape(answer),
    });

    public JsonObject Open(IEnumerable<(string Id, string Question, string Status)> items) => templates.Render("regulations/open", new
    {
        title = text["OpenTitle"].Value,
        items = Repeated("items", items.Select(i => new { id = i.Id, question = ArticleMarkdown.Escape(i.Question), status = i.Status, button = text["OpenAnswerButton"].Value })),
    });

    /// <summary>《中国共产党章程》第七条.</summary>
    public static string Citation(CitedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.Article.Citation;
    }

    /// <summary>
    /// Items for a <c>"$data": "${name}"</c> repetition. The binder evaluates <c>${name}</c> once more inside each
    /// item, so each item also carries a copy of itself under <paramref name="name"/>; with a binder that does
    /// not, the copy is simply unused.
    /// </summary>
    private static JsonArray Repeated<T>(string name, IEnumerable<T> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            var node = JsonSerializer.SerializeToNode(item, item!.GetType(), CardJson) as JsonObject ?? [];
            node[name] = node.DeepClone();
            array.Add(node);
        }

        return array;
    }

    private object Source(CitedArticle article, IReadOnlyList<string> terms, string? label)
    {
        var document = article.Document;
        var edition = document.Document.Edition ?? document.Document.Title;
        if (document.EditionDate is { } date && !edition.Contains(date.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            edition += $"（{date:yyyy-MM-dd}）";
        }

        var line = text["EditionLine", edition].Value + (document.IsSuperseded ? text["SupersededNote"].Value : "");
        // In English the official translation follows the Chinese article it renders (the citation stays Chinese).
        var translation = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? article.Article.Translation : null;
        return new
        {
            label = label is null ? null : ArticleMarkdown.Escape(label),
            text = ArticleMarkdown.Highlight(article.Article.Text, terms),
            translation = translation is null ? null : ArticleMarkdown.Escape(translation),
            edition = ArticleMarkdown.Escape(line),
        };
    }
}
