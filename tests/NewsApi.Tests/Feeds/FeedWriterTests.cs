using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using NewsApi.Feeds;

namespace NewsApi.Tests.Feeds;

/// <summary>
/// The writer on text no parsed article carries (the parser drops control characters, but an article written some
/// other way might not): every format must stay well-formed, read back by a parser other than the writer.
/// </summary>
public sealed class FeedWriterTests
{
    private const string Hostile = "A <script>x()</script> & \u0001\u0007\u001B\0 \uD800 end 😀";

    private static readonly FeedInfo Info = new("tag:x.example,2026:feed", Hostile, Hostile, "https://x.example/", "https://x.example/feed", Hostile, "tag:x.example,2026:article:");

    private static readonly FeedItem[] Items =
        [new(7, "https://x.example/a?b=1&c=2", Hostile, Hostile, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Hostile)];

    [Fact]
    public void Xml_formats_drop_what_XML_cannot_carry_and_keep_the_rest_as_text()
    {
        const string Readable = "A <script>x()</script> &   end 😀";
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var rss = XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Rss(Info, Items))).Root!.Element("channel")!;
        Assert.Equal(Readable, rss.Element("title")!.Value);
        Assert.Equal(Readable, rss.Element("item")!.Element("title")!.Value);
        Assert.Equal(Readable, rss.Element("item")!.Element("description")!.Value);
        Assert.Equal("https://x.example/a?b=1&c=2", rss.Element("item")!.Element("link")!.Value);

        var feed = XDocument.Parse(Encoding.UTF8.GetString(FeedWriter.Atom(Info, Items))).Root!;
        Assert.Equal(Readable, feed.Element(atom + "title")!.Value);
        Assert.Equal(Readable, feed.Element(atom + "author")!.Element(atom + "name")!.Value);
        var entry = feed.Element(atom + "entry")!;
        Assert.Equal(Readable, entry.Element(atom + "title")!.Value);
        Assert.Equal(Readable, entry.Element(atom + "author")!.Element(atom + "name")!.Value);
        Assert.Equal("tag:x.example,2026:article:7", entry.Element(atom + "id")!.Value);
    }

    [Fact]
    public void Json_feed_keeps_every_character_escaped()
    {
        var bytes = FeedWriter.JsonFeed(Info, Items);
        Assert.DoesNotContain("<script>", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var item = JsonDocument.Parse(bytes).RootElement.GetProperty("items")[0];
        Assert.Equal("tag:x.example,2026:article:7", item.GetProperty("id").GetString());
        Assert.Equal(Hostile.Replace("\uD800", "\uFFFD", StringComparison.Ordinal), item.GetProperty("title").GetString());
        Assert.Equal("1970-01-01T00:00:00Z", item.GetProperty("date_published").GetString());
    }
}
