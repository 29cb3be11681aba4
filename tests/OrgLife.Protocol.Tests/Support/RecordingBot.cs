using System.Collections.Concurrent;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Protocol.Tests.Support;

/// <summary>An ActivityHandler that records which handler each turn reached.</summary>
internal sealed class RecordingBot : ActivityHandler
{
    private readonly ConcurrentQueue<string> _calls = new();
    private readonly ConcurrentQueue<TurnContext> _turns = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public IReadOnlyList<TurnContext> Turns => [.. _turns];

    public Func<TurnContext, Task>? OnMessage { get; set; }

    public InvokeResponse? InvokeAnswer { get; set; }

    public Exception? Throw { get; set; }

    public override Task OnTurnAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _turns.Enqueue(turnContext);
        return Throw is { } ex ? Task.FromException(ex) : base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override Task OnMessageActivityAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue("message");
        return OnMessage?.Invoke(turnContext) ?? Task.CompletedTask;
    }

    protected override Task OnCardActionAsync(TurnContext turnContext, CardAction action, CancellationToken cancellationToken)
    {
        _calls.Enqueue(action.IsExecute ? $"execute:{action.Verb}" : "submit");
        turnContext.InvokeResponse = InvokeAnswer;
        return Task.CompletedTask;
    }

    protected override Task OnMembersAddedAsync(IReadOnlyList<ChannelAccount> membersAdded, TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"membersAdded:{string.Join(',', membersAdded.Select(m => m.Id))}");
        return Task.CompletedTask;
    }

    protected override Task OnMembersRemovedAsync(IReadOnlyList<ChannelAccount> membersRemoved, TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"membersRemoved:{string.Join(',', membersRemoved.Select(m => m.Id))}");
        return Task.CompletedTask;
    }

    protected override Task OnConversationUpdateActivityAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue("conversationUpdate");
        return base.OnConversationUpdateActivityAsync(turnContext, cancellationToken);
    }

    protected override Task OnInstallationUpdateAddAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue("installationAdd");
        return Task.CompletedTask;
    }

    protected override Task OnInstallationUpdateRemoveAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue("installationRemove");
        return Task.CompletedTask;
    }

    protected override Task OnInvokeAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"invoke:{turnContext.Activity.Name}");
        turnContext.InvokeResponse = InvokeAnswer;
        return Task.CompletedTask;
    }

    protected override Task OnUnrecognizedActivityTypeAsync(TurnContext turnContext, CancellationToken cancellationToken)
    {
        _calls.Enqueue($"other:{turnContext.Activity.Type}");
        return Task.CompletedTask;
    }
}
