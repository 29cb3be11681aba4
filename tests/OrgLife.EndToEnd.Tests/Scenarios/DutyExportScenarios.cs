using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrgLife.EndToEnd.Tests.Playground;
using OrgLife.Testing.Gating;

namespace OrgLife.EndToEnd.Tests.Scenarios;

/// <summary>
/// The responsibility list's export through the Teams emulator: the card's one-time CSV link downloads a file
/// Excel opens with the Chinese intact (UTF-8 with its byte-order mark), and only once.
/// </summary>
[Collection(PlaygroundSuite.Name)]
public sealed partial class DutyExportScenarios(PlaygroundFixture playground)
{
    [RequiresFact(PlaygroundFixture.Needs)]
    public Task Export_CsvLink_DownloadsUtf8WithBom_Once() => playground.RunAsync(async teams =>
    {
        var chat = await teams.OpenPersonalChatAsync();
        chat.ReplyTimeout = TimeSpan.FromSeconds(45);
        var title = "收缴党费" + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var due = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var import = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("导入任务"), ImportTitle());
        var english = (await import.CardTextAsync()).Contains("Import duties", StringComparison.Ordinal);
        string T(string zh, string en) => english ? en : zh;
        await import.FillAsync(T("或粘贴 CSV 内容", "Or paste CSV"), $"title,owner,leader,due\n{title},{PlaygroundApi.UserId},{PlaygroundApi.UserId},{due}");
        var imported = teams.Page.WaitForResponseAsync(r => r.Url.Contains("/_conversation/v1/invoke", StringComparison.Ordinal));
        await import.Button(T("导入", "Import")).ClickAsync();
        Assert.True((await imported).Ok, "The import was not answered.");

        var export = await chat.WaitForBotCardAsync(await chat.SendOnlyAsync("导出任务"), ExportTitle());
        var json = teams.LatestCard(c => ExportTitle().IsMatch(TeamsClient.CardText(c)))
            ?? throw new InvalidOperationException("The export card JSON was not received.");
        var csvLink = TeamsClient.Actions(json).Single(a => (string?)a["type"] == "Action.OpenUrl" && ((string?)a["title"])?.Contains("CSV", StringComparison.Ordinal) == true);
        // The emulator draws a link button with its url as the tooltip and its title as the accessible name.
        await Assertions.Expect(export.Root.GetByRole(AriaRole.Link, new() { Name = (string)csvLink["title"]! })).ToBeVisibleAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.GetAsync(new Uri((string)csvLink["url"]!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains(title, text, StringComparison.Ordinal);

        using var again = await http.GetAsync(new Uri((string)csvLink["url"]!));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    });

    [GeneratedRegex("导入任务|Import duties")]
    private static partial Regex ImportTitle();

    [GeneratedRegex("党建责任清单导出|Responsibility list export")]
    private static partial Regex ExportTitle();
}
