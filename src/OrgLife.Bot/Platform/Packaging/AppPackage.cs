using System.IO.Compression;
using System.Text.Json.Nodes;

namespace OrgLife.Bot.Platform.Packaging;

/// <summary>
/// Writes the Teams app package (the zip uploaded to Teams or the admin centre): <c>manifest.json</c>, its
/// localization files and icons, taken from <c>manifest/*</c> embedded in this assembly, with the
/// <c>${{BOT_ID}}</c> placeholder replaced by the configured <c>Bot:AppId</c>.
/// </summary>
internal static class AppPackage
{
    /// <summary>The placeholder in <c>manifest/manifest.json</c> for the bot's Microsoft App ID.</summary>
    public const string BotIdPlaceholder = "${{BOT_ID}}";

    /// <summary>The configuration key that holds the bot's Microsoft App ID (client id).</summary>
    public const string AppIdKey = "Bot:AppId";

    private const string ResourcePrefix = "manifest/";

    /// <summary>Writes the package to <paramref name="outputPath"/>; returns the process exit code (0 = written).</summary>
    public static async Task<int> WriteAsync(IConfiguration config, string outputPath, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        ArgumentNullException.ThrowIfNull(output);

        var appId = config[AppIdKey]?.Trim();
        if (string.IsNullOrEmpty(appId))
        {
            await output.WriteLineAsync($"Cannot package the Teams app: configuration key '{AppIdKey}' is empty. Set it to the bot's Microsoft App ID (a GUID), e.g. with the environment variable Bot__AppId.");
            return 1;
        }

        if (!Guid.TryParseExact(appId, "D", out var botId))
        {
            await output.WriteLineAsync($"Cannot package the Teams app: configuration key '{AppIdKey}' is '{appId}', which is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx).");
            return 1;
        }

        var files = ReadEmbeddedFiles();
        if (!files.TryGetValue("manifest.json", out var manifestBytes))
        {
            await output.WriteLineAsync("Cannot package the Teams app: manifest/manifest.json is not embedded in OrgLife.Bot.");
            return 1;
        }

        var manifestText = System.Text.Encoding.UTF8.GetString(manifestBytes).Replace(BotIdPlaceholder, botId.ToString("D"), StringComparison.Ordinal);
        if (manifestText.Contains("${{", StringComparison.Ordinal))
        {
            await output.WriteLineAsync("Cannot package the Teams app: manifest.json has a placeholder other than " + BotIdPlaceholder + ".");
            return 1;
        }

        var entries = new List<(string Name, byte[] Content)> { ("manifest.json", System.Text.Encoding.UTF8.GetBytes(manifestText)) };
        foreach (var name in ReferencedFiles(manifestText))
        {
            if (!files.TryGetValue(name, out var content))
            {
                await output.WriteLineAsync($"Cannot package the Teams app: manifest.json refers to '{name}', which is not in manifest/.");
                return 1;
            }

            entries.Add((name, content));
        }

        var fullPath = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        await using (var stream = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.None))
        await using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                // Teams wants the files at the root of the zip, no folders.
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                await using var entryStream = await entry.OpenAsync();
                await entryStream.WriteAsync(content);
            }
        }

        await output.WriteLineAsync($"Wrote Teams app package {fullPath} (bot id {botId:D}; {string.Join(", ", entries.Select(e => e.Name))}).");
        return 0;
    }

    /// <summary>The icons and localization files that <paramref name="manifestText"/> names, in a stable order.</summary>
    internal static IReadOnlyList<string> ReferencedFiles(string manifestText)
    {
        var manifest = JsonNode.Parse(manifestText) as JsonObject
            ?? throw new InvalidOperationException("manifest.json is not a JSON object.");
        var names = new List<string>();
        if (manifest["icons"] is JsonObject icons)
        {
            names.AddRange(icons.Select(icon => icon.Value?.GetValue<string>()).OfType<string>());
        }

        if (manifest["localizationInfo"] is JsonObject localization)
        {
            if (localization["defaultLanguageFile"]?.GetValue<string>() is { } defaultFile)
            {
                names.Add(defaultFile);
            }

            if (localization["additionalLanguages"] is JsonArray languages)
            {
                names.AddRange(languages.Select(language => language?["file"]?.GetValue<string>()).OfType<string>());
            }
        }

        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    private static Dictionary<string, byte[]> ReadEmbeddedFiles()
    {
        var assembly = typeof(AppPackage).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[resource[ResourcePrefix.Length..]] = buffer.ToArray();
        }

        return files;
    }
}
