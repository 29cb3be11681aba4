using System.Collections.Concurrent;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// The document and article each conversation last cited, so "第三十条" right after a 党章 answer means 党章
/// 第三十条, and "第几条规定的？" names the article just shown.
/// In memory only: losing it on restart costs one clarifying question, and a per-turn write would not pay.
/// </summary>
internal sealed class ConversationMemory
{
    private const int MaxConversations = 50_000;
    private readonly ConcurrentDictionary<string, string> _lastDocument = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long DocumentId, int Ordinal)> _lastArticle = new(StringComparer.Ordinal);

    public (long DocumentId, int Ordinal)? LastArticle(string conversationId) =>
        _lastArticle.TryGetValue(conversationId, out var last) ? last : null;

    public void RememberArticle(string conversationId, long documentId, int ordinal)
    {
        if (_lastArticle.Count >= MaxConversations)
        {
            _lastArticle.Clear();
        }

        _lastArticle[conversationId] = (documentId, ordinal);
    }

    public string? LastDocument(string conversationId) => _lastDocument.GetValueOrDefault(conversationId);

    public void Remember(string conversationId, string documentTitle)
    {
        if (_lastDocument.Count >= MaxConversations)
        {
            // Crude but bounded: forgetting is harmless, growing without bound is not.
            _lastDocument.Clear();
        }

        _lastDocument[conversationId] = documentTitle;
    }
}
