using System.Text.Json.Nodes;
using OrgLife.Testing;

namespace OrgLife.Protocol.Tests.Support;

/// <summary>Reads the captured fixtures (kept in the repository, see <see cref="ProtocolFixtures"/>).</summary>
internal static class Fixtures
{
    public static JsonObject Load(string fileName) =>
        JsonNode.Parse(File.ReadAllText(ProtocolFixtures.Path(fileName)))!.AsObject();

    /// <summary>The activity of an inbound fixture, optionally with another serviceUrl.</summary>
    public static JsonObject Body(string fileName, string? serviceUrl = null)
    {
        var body = Load(fileName)["request"]!["body"]!.AsObject();
        var copy = body.DeepClone().AsObject();
        if (serviceUrl is not null)
        {
            copy["serviceUrl"] = serviceUrl;
        }

        return copy;
    }

    public static IEnumerable<string> InboundFileNames() =>
        ProtocolFixtures.Files()
            .Where(f => Load(Path.GetFileName(f))["botResponse"] is not null)
            .Select(Path.GetFileName)
            .OfType<string>();
}
