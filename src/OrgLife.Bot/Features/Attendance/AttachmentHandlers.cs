using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using OrgLife.Bot.Platform.Data;
using OrgLife.Bot.Platform.Organisation;
using OrgLife.Bot.Platform.Routing;
using OrgLife.Protocol.Hosting;
using OrgLife.Protocol.Schema;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// Photos, sign-in sheet scans and slides for a meeting's record, sent to the bot in chat: with "附件 12" in the same
/// message, or after "附件 12" (the next files within a few minutes), or alone — a photo from someone who records
/// meetings is taken, and the bot asks which meeting when there are several. The files are checked (size, type by
/// their first bytes), kept in the store, listed on the record and in the Word record, and handed out behind
/// one-time links to the meeting's people.
/// </summary>
internal sealed partial class AttachmentHandlers(
    AttachmentStore store,
    AttachmentDownloader downloader,
    MeetingStore meetings,
    RecordStore records,
    MeetingAccess access,
    MeetingCards cards,
    PrivateDownloads downloads,
    RoleService roles,
    IStringLocalizer<AttendanceStrings> text,
    IOptions<AttendanceOptions> options,
    ILogger<AttachmentHandlers> logger)
{
    public static readonly string[] Phrases = ["附件", "添加附件", "上传附件", "attach", "attachment"];

    // The choice card offers at most this many meetings (Teams shows six actions without an overflow menu).
    private const int MaxChoices = 6;

    private static readonly HashSet<string> ImageFileTypes = new(StringComparer.OrdinalIgnoreCase) { "jpg", "jpeg", "png", "gif", "webp", "heic", "heif" };

    /// <summary>Files in a message: taken when the message says "附件 …", after a prompt, or when they are photos from someone who records meetings.</summary>
    public async Task<bool> FilesAsync(BotTurn turn, IReadOnlyList<Attachment> files, CancellationToken cancellationToken)
    {
        var arguments = CommandArguments(turn.Text);
        long? meetingId = null;
        if (arguments is not null)
        {
            if (arguments.Length > 0)
            {
                if (!TryNumber(arguments, out var named))
                {
                    await turn.SendTextAsync(text["AttachNeedNumber"], cancellationToken);
                    return true;
                }

                meetingId = named;
            }
        }
        else
        {
            meetingId = await store.PromptedMeetingAsync(turn.User.Id, cancellationToken);
            if (meetingId is null && (!files.All(IsPhoto) || (await CandidatesAsync(turn, cancellationToken)).Count == 0))
            {
                return false;
            }
        }

        if (meetingId is { } id)
        {
            var meeting = await meetings.FindAsync(id, cancellationToken);
            if (await RefusalAsync(turn, meeting, cancellationToken) is { } refusal)
            {
                await turn.SendTextAsync(refusal, cancellationToken);
                return true;
            }

            var lines = await KeepAsync(turn, files, meeting!.Id, cancellationToken);
            await turn.SendTextAsync(string.Join("\n\n", lines), cancellationToken);
            return true;
        }

        var candidates = await CandidatesAsync(turn, cancellationToken);
        if (candidates.Count == 0)
        {
            await turn.SendTextAsync(text["AttachNoMeeting"], cancellationToken);
            return true;
        }

        if (candidates.Count == 1)
        {
            var lines = await KeepAsync(turn, files, candidates[0].Id, cancellationToken);
            await turn.SendTextAsync(string.Join("\n\n", lines), cancellationToken);
            return true;
        }

        // Several meetings: keep the files now (Teams' download links expire soon) and ask which meeting.
        var problems = await KeepAsync(turn, files, null, cancellationToken);
        if (problems.Count > 0)
        {
            await turn.SendTextAsync(string.Join("\n\n", problems), cancellationToken);
        }

        if (problems.Count < files.Count)
        {
            var buttons = candidates.Take(MaxChoices).Select(m => new ReportButton(
                text["ChoiceButton", m.Id, m.Title, MeetingCards.Local(m.StartsAt, turn.TimeZone)[5..]].Value, AttendanceVerbs.Attach, m.Id)).ToList();
            var choices = candidates.Take(MaxChoices).Select(m => new ReportLine(
                text["ChoiceLine", m.Id, cards.TypeLabel(m.Type), m.Title, MeetingCards.Span(m, turn.TimeZone)].Value)).ToArray();
            await turn.SendCardAsync(cards.Render(new Report(text["AttachChooseTitle"].Value, text["AttachChooseSubtitle"].Value,
                [ReportSection.OfLines(null, choices)], candidates.Count > MaxChoices ? text["AttachChooseMore"].Value : null, [], buttons)), cancellationToken, text["AttachChooseTitle"]);
        }

        return true;
    }

    /// <summary>"附件 12" with no file: the next files go to meeting 12.</summary>
    public async Task CommandAsync(BotTurn turn, string arguments, CancellationToken cancellationToken)
    {
        if (!TryNumber(arguments, out var id))
        {
            await turn.SendTextAsync(text["AttachNeedNumber"], cancellationToken);
            return;
        }

        var meeting = await meetings.FindAsync(id, cancellationToken);
        if (await RefusalAsync(turn, meeting, cancellationToken) is { } refusal)
        {
            await turn.SendTextAsync(refusal, cancellationToken);
            return;
        }

        await store.PromptAsync(turn.User.Id, id, cancellationToken);
        await turn.SendTextAsync(text["AttachSendNow", meeting!.Id, meeting.Title, (int)options.Value.AttachmentPromptLifetime.TotalMinutes], cancellationToken);
    }

    /// <summary>The choice card's button: the files that waited go to that meeting.</summary>
    public async Task<CardResult> ChooseAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (await RefusalAsync(turn, meeting, cancellationToken) is { } refusal)
        {
            return CardResult.Text(refusal);
        }

        var (moved, skipped) = await store.AssignPendingAsync(turn.User.Id, meeting!.Id, cancellationToken);
        if (moved == 0 && skipped == 0)
        {
            return CardResult.Text(text["AttachNothingPending"]);
        }

        LogAttached(logger, moved, meeting.Id);
        var message = text["AttachAdded", moved, meeting.Id, meeting.Title].Value;
        return CardResult.Text(skipped > 0 ? message + " " + text["AttachSkipped", skipped].Value : message);
    }

    /// <summary>The record's "download attachments" button: one-time links, sent privately to the meeting's people.</summary>
    public async Task<CardResult> DownloadAsync(BotTurn turn, CardAction action, CancellationToken cancellationToken)
    {
        var meeting = await access.MeetingOfAsync(action, cancellationToken);
        if (meeting is null)
        {
            return CardResult.Text(text["MeetingNotFound"]);
        }

        if (!await MayRecordAsync(turn, meeting, cancellationToken) && await meetings.AttendeeAsync(meeting.Id, turn.User.Id, cancellationToken) is null)
        {
            return CardResult.Text(text["AttachOnlyPeople"]);
        }

        var files = await store.ContentsAsync(meeting.Id, cancellationToken);
        if (files.Count == 0)
        {
            return CardResult.Text(text["AttachNone"]);
        }

        // A card keeps few buttons: beyond that many files, one ZIP holds them all.
        IReadOnlyList<DownloadFile> links = files.Count <= MaxLinks
            ? [.. files.Select(f => new DownloadFile(f.FileName, f.ContentType, f.Content, f.FileName))]
            : [new DownloadFile(string.Create(CultureInfo.InvariantCulture, $"meeting-{meeting.Id}-attachments.zip"), "application/zip", Zip(files), text["AttachmentsZip", files.Count])];
        var (message, _) = await downloads.SendAsync(turn, text["AttachmentsHeadingOf", meeting.Title], text["AttachmentsLinksText", downloads.LinkMinutes], links, cancellationToken);
        return CardResult.Text(message);
    }

    private const int MaxLinks = 5;

    /// <summary>The files in one ZIP (stored, not compressed: photos and Office files are compressed already); names made unique.</summary>
    private static byte[] Zip(IReadOnlyList<MeetingAttachment> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in files)
            {
                var name = file.FileName;
                for (var n = 2; !used.Add(name); n++)
                {
                    name = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(file.FileName)} ({n}){Path.GetExtension(file.FileName)}");
                }

                var entry = zip.CreateEntry(name, System.IO.Compression.CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(file.Content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A size as people read it: 850 KB, 2.4 MB.</summary>
    public static string Size(int bytes) => bytes < 1_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (bytes + 999) / 1000)} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_000_000.0:0.#} MB");

    /// <summary>Downloads, checks and keeps each file; the lines telling what happened to each (problems only when <paramref name="meetingId"/> is null).</summary>
    private async Task<List<string>> KeepAsync(BotTurn turn, IReadOnlyList<Attachment> files, long? meetingId, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        var added = 0;
        var stem = text["AttachUnnamed"].Value;
        for (var i = 0; i < files.Count; i++)
        {
            var fetched = await downloader.FetchAsync(files[i], turn.Activity.ServiceUrl, cancellationToken);
            var shown = fetched.SentName.Length > 0 ? fetched.SentName : string.Create(CultureInfo.InvariantCulture, $"{stem} {i + 1}");
            var format = fetched.Content is { } bytes ? AttachmentFormat.Detect(bytes, fetched.SentName) : null;
            if (fetched.Content is null || format is null)
            {
                lines.Add(Problem(fetched.Problem == AttachmentProblem.None ? AttachmentProblem.UnsupportedType : fetched.Problem, shown));
                continue;
            }

            var name = format.SafeName(fetched.SentName, string.Create(CultureInfo.InvariantCulture, $"{stem}-{i + 1}"));
            switch (await store.AddAsync(meetingId, turn.User.Id, name, format, fetched.Content, cancellationToken))
            {
                case AttachOutcome.Added:
                    added++;
                    break;
                case AttachOutcome.Duplicate:
                    lines.Add(text["AttachDuplicate", shown]);
                    break;
                case AttachOutcome.Full:
                    lines.Add(text["AttachFull", shown, options.Value.MaxAttachmentsPerMeeting]);
                    break;
            }
        }

        if (meetingId is { } id && added > 0)
        {
            LogAttached(logger, added, id);
            var meeting = await meetings.FindAsync(id, cancellationToken);
            lines.Insert(0, text["AttachAdded", added, id, meeting?.Title ?? ""]);
        }
        else if (meetingId is not null && added == 0)
        {
            lines.Add(text["AttachNothingKept"]);
        }

        return lines;
    }

    private string Problem(AttachmentProblem problem, string name) => problem switch
    {
        AttachmentProblem.UntrustedSource => text["AttachUntrusted", name],
        AttachmentProblem.TooLarge => text["AttachTooLarge", name, Size(options.Value.MaxAttachmentBytes)],
        AttachmentProblem.Empty => text["AttachEmpty", name],
        AttachmentProblem.DownloadFailed => text["AttachDownloadFailed", name],
        _ => text["AttachUnsupported", name],
    };

    /// <summary>Null when the turn's user may add files to this meeting; otherwise why not.</summary>
    private async Task<string?> RefusalAsync(BotTurn turn, Meeting? meeting, CancellationToken cancellationToken)
    {
        if (meeting is null)
        {
            return text["MeetingNotFound"].Value;
        }

        if (meeting.CancelledAt is not null)
        {
            return text["RefusedCancelled"].Value;
        }

        return await MayRecordAsync(turn, meeting, cancellationToken) ? null : text["AttachOnlyRecorder"].Value;
    }

    private async Task<bool> MayRecordAsync(BotTurn turn, Meeting meeting, CancellationToken cancellationToken) =>
        await access.IsManagerAsync(meeting, turn.User.Id, cancellationToken)
        || (await records.FindAsync(meeting.Id, cancellationToken))?.RecorderUserId == turn.User.Id;

    private async Task<IReadOnlyList<Meeting>> CandidatesAsync(BotTurn turn, CancellationToken cancellationToken)
    {
        var secretaryOf = await roles.ScopesWhereAsync(turn.User.Id, Role.Secretary, cancellationToken);
        var found = await store.RecordableAsync(turn.User.Id, secretaryOf, MaxChoices + 1, cancellationToken);
        // In a group chat only that chat's meetings are meant.
        return turn.IsPersonal ? found : [.. found.Where(m => m.ScopeId == turn.Scope.Id)];
    }

    /// <summary>A photo: a pasted image, or a Teams file whose type is an image format.</summary>
    private static bool IsPhoto(Attachment file) =>
        file.ContentType != Attachment.FileDownloadInfoContentType
        || (file.Content?["fileType"] is { } type && type.GetValueKind() == System.Text.Json.JsonValueKind.String && ImageFileTypes.Contains(type.GetValue<string>().Trim().TrimStart('.')));

    /// <summary>What follows "附件" in the message ("" for the word alone), or null when the message is not that command.</summary>
    private static string? CommandArguments(string message)
    {
        var trimmed = message.Trim();
        foreach (var phrase in Phrases.OrderByDescending(p => p.Length))
        {
            if (trimmed.StartsWith(phrase, StringComparison.OrdinalIgnoreCase)
                && (trimmed.Length == phrase.Length || !char.IsAsciiLetter(trimmed[phrase.Length])))
            {
                return trimmed[phrase.Length..].Trim();
            }
        }

        return null;
    }

    private static bool TryNumber(string arguments, out long id) =>
        long.TryParse(arguments.Trim().TrimStart('#', '＃').Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out id);

    [LoggerMessage(EventId = 2082, Level = LogLevel.Information, Message = "{Count} attachment(s) added to meeting {MeetingId}")]
    private static partial void LogAttached(ILogger logger, int count, long meetingId);
}
