namespace OrgLife.Bot.Features.Attendance;

/// <summary>Data of the generic <c>attendance/report</c> card: roster, summary, history, statistics, downloads.</summary>
internal sealed record Report(
    string Title, string? Subtitle, IReadOnlyList<ReportSection> Sections,
    string? Note = null, IReadOnlyList<ReportLink>? Links = null, IReadOnlyList<ReportButton>? Buttons = null);

internal sealed record ReportSection(string? Heading, IReadOnlyList<ReportFact> Facts, IReadOnlyList<ReportLine> Lines)
{
    public static ReportSection OfFacts(string? heading, IReadOnlyList<ReportFact> facts) => new(heading, facts, []);

    public static ReportSection OfLines(string? heading, params ReportLine[] lines) => new(heading, [], lines);
}

internal sealed record ReportFact(string Title, string Value);

/// <summary>A line of text; <see cref="Color"/> is an Adaptive Card colour (Default, Good, Warning, Attention).</summary>
internal sealed record ReportLine(string Text, string Color = "Default");

internal sealed record ReportLink(string Title, string Url);

internal sealed record ReportButton(string Title, string Verb, long MeetingId);
