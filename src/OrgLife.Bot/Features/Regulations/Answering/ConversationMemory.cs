using System.Collections.Concurrent;

namespace OrgLife.Bot.Features.Regulations.Answering;

/// <summary>
/// The document each conversation last cited, so "第三十条" right after a 党章 answer means 党章 第三十条.
/// In memory only: losing it on restart costs one clarifying question, and a per-turn write would not pay.
/// </summary>
internal sealed class ConversationMemory
{
    private const int MaxConversations = 50_000;
    private readonly ConcurrentDictionary<string, string> _lastDocument = new(StringComparer.Ordinal);

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
