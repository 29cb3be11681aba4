namespace OrgLife.Bot.Features.Regulations.Answering;

internal enum QuestionOutcome
{
    Answered = 0,
    NotCovered = 1,
    Curated = 2,
    Written = 3,
}

internal enum QuestionFeedback
{
    None = 0,
    Helpful = 1,
    NotHelpful = 2,
}

/// <summary>
/// The question log: every question asked, how it was answered, the member's feedback, and — when it was
/// forwarded — the secretary's answer. <see cref="PublicId"/> is minted in the turn so cards can refer to the
/// row before the batched write lands.
/// </summary>
internal sealed class AskedQuestion
{
    public long Id { get; set; }
    public required string PublicId { get; set; }
    public long ScopeId { get; set; }
    public long UserId { get; set; }
    public required string Question { get; set; }
    public QuestionOutcome Outcome { get; set; }
    /// <summary>《中国共产党章程》第七条 of the answer, when there was one.</summary>
    public string? Citation { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public QuestionFeedback Feedback { get; set; }
    public DateTimeOffset? FeedbackAt { get; set; }
    public DateTimeOffset? ForwardedAt { get; set; }
    public string? SecretaryAnswer { get; set; }
    public long? AnsweredByUserId { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
}

/// <summary>A forwarded question's card in one secretary's chat, so all copies can be closed when one answers.</summary>
internal sealed class QuestionForward
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public long RecipientUserId { get; set; }
    public required string ConversationId { get; set; }
    public string? ActivityId { get; set; }
}
