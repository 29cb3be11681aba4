using System.IO.Compression;

namespace OrgLife.Bot.Features.Attendance;

/// <summary>
/// The kinds of file a meeting keeps, recognised by their first bytes (magic numbers) — a renamed executable or an
/// HTML page called "photo.jpg" is refused. Office files are ZIP packages: the package must hold the part its
/// extension promises.
/// </summary>
internal sealed record AttachmentFormat(string ContentType, string Extension, bool IsImage)
{
    private static readonly AttachmentFormat Jpeg = new("image/jpeg", ".jpg", true);
    private static readonly AttachmentFormat Png = new("image/png", ".png", true);
    private static readonly AttachmentFormat Gif = new("image/gif", ".gif", true);
    private static readonly AttachmentFormat Webp = new("image/webp", ".webp", true);
    private static readonly AttachmentFormat Heic = new("image/heic", ".heic", true);
    private static readonly AttachmentFormat Pdf = new("application/pdf", ".pdf", false);

    // Extension → (content type, the part the package must contain).
    private static readonly Dictionary<string, (string ContentType, string Part)> OfficePackages = new(StringComparer.OrdinalIgnoreCase)
    {
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "word/document.xml"),
        [".pptx"] = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "ppt/presentation.xml"),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
    };

    /// <summary>The format of <paramref name="content"/>, or null when it is none the meeting keeps.</summary>
    public static AttachmentFormat? Detect(byte[] content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(content);
        ReadOnlySpan<byte> head = content;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }

        // ISO media "ftyp" box with a HEIF brand: what phones take photos in.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && (head[8..12].SequenceEqual("heic"u8) || head[8..12].SequenceEqual("heix"u8) || head[8..12].SequenceEqual("mif1"u8)))
        {
            return Heic;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        return head.StartsWith("PK\u0003\u0004"u8) ? OfficePackage(content, Path.GetExtension(fileName)) : null;
    }

    private static AttachmentFormat? OfficePackage(byte[] content, string extension)
    {
        if (!OfficePackages.TryGetValue(extension, out var expected))
        {
            return null;
        }

        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry(expected.Part) is not null
                ? new AttachmentFormat(expected.ContentType, extension.ToLowerInvariant(), false)
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A safe file name: no path, no control characters, at most 100 characters, ending in the detected extension.</summary>
    public string SafeName(string? sent, string fallbackStem)
    {
        var name = new string(Path.GetFileName(sent ?? "").Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray()).Trim();
        var stem = Path.GetFileNameWithoutExtension(name).Trim();
        if (stem.Length == 0)
        {
            stem = fallbackStem;
        }

        return (stem.Length > 100 ? stem[..100] : stem) + Extension;
    }
}
