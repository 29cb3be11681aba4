using Microsoft.Extensions.Options;

namespace OrgLife.Bot.Features.Duties;

/// <summary>
/// The Teams send limits as reservations on sliding windows: per conversation (7 per second, 60 per 30 s) and per
/// app per tenant (30–50 per second). <see cref="Reserve"/> books the earliest slot every window allows and
/// says how long to wait for it; after a 429 <see cref="Pause"/> holds every send for a while, the way Company
/// Communicator does. One per instance; time comes from the injected clock.
/// </summary>
internal sealed class SendThrottle(IOptions<DutiesOptions> options, TimeProvider clock)
{
    // Slack against network jitter: a send reserved exactly one window later may still arrive inside it.
    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(25);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _slots = new(StringComparer.Ordinal);
    private DateTimeOffset _pausedUntil;

    public DateTimeOffset PausedUntil
    {
        get { lock (_gate) { return _pausedUntil; } }
    }

    /// <summary>Books a send to <paramref name="conversationKey"/> in <paramref name="tenantKey"/>; returns the wait before it may go.</summary>
    public TimeSpan Reserve(string tenantKey, string conversationKey)
    {
        var o = options.Value;
        var windows = new (string Key, int Limit, TimeSpan Window)[]
        {
            ("t|" + tenantKey, o.PerTenantPerSecond, TimeSpan.FromSeconds(1)),
            ("c1|" + conversationKey, o.PerConversationPerSecond, TimeSpan.FromSeconds(1)),
            ("c30|" + conversationKey, o.PerConversationPer30Seconds, TimeSpan.FromSeconds(30)),
        };
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            var at = now > _pausedUntil ? now : _pausedUntil;
            // Slots of a tenant are handed out in order (first come, first served), so every queue stays sorted.
            if (SlotsOf(windows[0].Key, now, windows[0].Window) is { Count: > 0 } booked && booked.Last() > at)
            {
                at = booked.Last();
            }

            // Push the slot later until every window has room; each pass can only move it forward.
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var (key, limit, window) in windows)
                {
                    var slots = SlotsOf(key, now, window);
                    if (slots.Count >= limit)
                    {
                        var earliest = slots.ElementAt(slots.Count - limit) + window + Slack;
                        if (earliest > at)
                        {
                            at = earliest;
                            changed = true;
                        }
                    }
                }
            }

            foreach (var (key, _, window) in windows)
            {
                SlotsOf(key, now, window).Enqueue(at);
            }

            return at - now;
        }
    }

    /// <summary>Teams answered 429: nobody sends before <paramref name="pause"/> has passed.</summary>
    public void Pause(TimeSpan pause)
    {
        lock (_gate)
        {
            var until = clock.GetUtcNow() + pause;
            if (until > _pausedUntil)
            {
                _pausedUntil = until;
            }
        }
    }

    private Queue<DateTimeOffset> SlotsOf(string key, DateTimeOffset now, TimeSpan window)
    {
        if (!_slots.TryGetValue(key, out var slots))
        {
            slots = new Queue<DateTimeOffset>();
            _slots[key] = slots;
        }

        while (slots.Count > 0 && slots.Peek() + window + Slack < now)
        {
            slots.Dequeue();
        }

        // Idle conversations would otherwise pile up keys forever.
        if (_slots.Count > 10_000)
        {
            foreach (var idle in _slots.Where(s => s.Value.Count == 0).Select(s => s.Key).ToList())
            {
                _slots.Remove(idle);
            }
        }

        return slots;
    }
}
