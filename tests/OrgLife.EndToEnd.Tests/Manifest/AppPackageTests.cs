using System.IO.Compression;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OrgLife.Bot.Platform.Packaging;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Manifest;

/// <summary>The Teams app package: built from the embedded manifest, valid against Microsoft's schema, icons by the rules.</summary>
public sealed class AppPackageTests : IDisposable
{
    private const string BotId = "6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b";
    private readonly string _folder = Directory.CreateTempSubdirectory("orglife-package-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(null, "is empty")]
    [InlineData("", "is empty")]
    [InlineData("not-a-guid", "not a GUID")]
    [InlineData("{6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b}", "not a GUID")]
    public async Task WriteAsync_WithoutGuidAppId_FailsWithMessageAndWritesNothing(string? appId, string expected)
    {
        var output = new StringWriter();
        var path = Path.Combine(_folder, "app.zip");

        var code = await AppPackage.WriteAsync(Config(appId), path, output);

        Assert.Equal(1, code);
        Assert.Contains("Bot:AppId", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task WriteAsync_WithAppId_ZipsManifestLocalizationAndIconsWithTheBotId()
    {
        var entries = await WritePackageAsync();

        Assert.Equal(["color.png", "en-US.json", "manifest.json", "outline.png"], entries.Keys.Order(StringComparer.Ordinal));
        var manifestText = System.Text.Encoding.UTF8.GetString(entries["manifest.json"]);
        Assert.DoesNotContain("${{", manifestText, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(manifestText)!;
        Assert.Equal(BotId, (string?)manifest["id"]);
        Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(["personal", "team", "groupChat"], manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal("zh-CN", (string?)manifest["localizationInfo"]!["defaultLanguageTag"]);
    }

    [Fact]
    public async Task Manifest_CommandListsCoverEveryScope_AndEnglishTitlesAreLocalized()
    {
        var entries = await WritePackageAsync();
        var manifest = JsonNode.Parse(entries["manifest.json"])!;
        var english = JsonNode.Parse(entries["en-US.json"])!.AsObject();

        var lists = manifest["bots"]![0]!["commandLists"]!.AsArray();
        Assert.Equal(["groupChat", "personal", "team"], lists.SelectMany(l => l!["scopes"]!.AsArray().Select(s => (string)s!)).Order(StringComparer.Ordinal));
        for (var i = 0; i < lists.Count; i++)
        {
            var commands = lists[i]!["commands"]!.AsArray();
            Assert.Contains(commands, c => (string?)c!["title"] == "帮助");
            for (var j = 0; j < commands.Count; j++)
            {
                // Every command has an English title and description, so en-US users see English commands.
                Assert.True(english.ContainsKey($"bots[0].commandLists[{i}].commands[{j}].title"), $"en-US.json lacks the title of command {j} in list {i}");
                Assert.True(english.ContainsKey($"bots[0].commandLists[{i}].commands[{j}].description"), $"en-US.json lacks the description of command {j} in list {i}");
            }
        }
    }

    [Fact]
    public async Task Icons_FollowTeamsRules()
    {
        var entries = await WritePackageAsync();

        var color = Png.Decode(entries["color.png"]);
        Assert.Equal((192, 192), (color.Width, color.Height));
        Assert.True(Enumerable.Range(0, 192 * 192).All(p => color.Rgba[(p * 4) + 3] == 255), "color.png must be fully opaque (full colour icon)");
        Assert.True(color.Rgba.Chunk(4).Select(px => (px[0], px[1], px[2])).Distinct().Count() > 1, "color.png must not be a single flat colour");

        var outline = Png.Decode(entries["outline.png"]);
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.True(outline.HasAlpha, "outline.png needs an alpha channel (transparent background)");
        var pixels = outline.Rgba.Chunk(4).ToList();
        Assert.All(pixels, px => Assert.True(px[3] == 0 || (px[0] == 255 && px[1] == 255 && px[2] == 255), $"outline.png pixel {px[0]},{px[1]},{px[2]},{px[3]} is neither white nor transparent"));
        Assert.Contains(pixels, px => px[3] == 0);
        Assert.Contains(pixels, px => px[3] == 255);
    }

    [RequiresFact(Requirement.Node)]
    public async Task Package_ValidatesAgainstMicrosoftTeamsSchema()
    {
        var entries = await WritePackageAsync();
        var unpacked = Path.Combine(_folder, "unpacked");
        Directory.CreateDirectory(unpacked);
        foreach (var (name, content) in entries)
        {
            await File.WriteAllBytesAsync(Path.Combine(unpacked, name), content);
        }

        var result = await NodeScript.RunAsync("validate-manifest.cjs", unpacked);

        Assert.True(result.ExitCode == 0, "Teams manifest schema validation failed:\n" + result.Output);
    }

    private static IConfiguration Config(string? appId) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AppPackage.AppIdKey] = appId }).Build();

    private async Task<Dictionary<string, byte[]>> WritePackageAsync()
    {
        var output = new StringWriter();
        var path = Path.Combine(_folder, "app.zip");
        var code = await AppPackage.WriteAsync(Config(BotId), path, output);
        Assert.True(code == 0, output.ToString());

        using var zip = ZipFile.OpenRead(path);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            Assert.DoesNotContain('/', entry.FullName);
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            entries[entry.FullName] = buffer.ToArray();
        }

        return entries;
    }
}
