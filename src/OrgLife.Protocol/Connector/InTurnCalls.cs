namespace OrgLife.Protocol.Connector;

/// <summary>
/// Marks Connector calls made while Teams waits for the HTTP answer of an inbound turn (replies, card
/// updates through <see cref="Hosting.TurnContext"/>). Such calls get one attempt, bounded by what is left of
/// the turn's reply budget: a retry with seconds of back-off would outlast Teams' 15 s wait and make it send
/// the activity again. Proactive sends keep the full retry policy.
/// </summary>
internal static class InTurnCalls
{
    private static readonly AsyncLocal<long> DeadlineTicks = new();

    /// <summary>The turn's deadline (<see cref="Environment.TickCount64"/> ms), or null outside an inbound turn's call.</summary>
    public static long? Deadline => DeadlineTicks.Value == 0 ? null : DeadlineTicks.Value;

    /// <summary>Runs <paramref name="call"/> as an in-turn call (the mark flows into the HTTP pipeline only).</summary>
    public static async Task<T> RunAsync<T>(long deadline, Func<Task<T>> call)
    {
        // Set inside this async method: the change is undone for the caller when it returns.
        DeadlineTicks.Value = deadline;
        return await call();
    }
}
