using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace NewsApi.Feeds;

/// <summary>What a feed says about itself.</summary>
/// <param name="Id">The feed's stable id (a <c>tag:</c> URI).</param>
/// <param name="Title">The feed's title.</param>
/// <param name="Description">One sentence on what the feed holds.</param>
/// <param name="HomeUrl">The site the articles belong to.</param>
/// <param name="SelfUrl">This feed's own URL, with its query.</param>
/// <param name="Publisher">The publisher's name: the feed's author.</param>
/// <param name="ItemIdRoot">The start of each item's id: the article's id follows it.</param>
public sealed record FeedInfo(string Id, string Title, string Description, string HomeUrl, string SelfUrl, string Publisher, string ItemIdRoot)
{
    public string ItemId(int articleId) => ItemIdRoot + articleId.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes a feed in RSS 2.0, Atom 1.0 or JSON Feed 1.1. XML goes through <see cref="XmlWriter"/>, which escapes
/// markup; characters XML 1.0 cannot carry at all (most control characters) are dropped first, or the writer would throw.
/// </summary>
public static class FeedWriter
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";

    private static readonly XmlWriterSettings Xml = new() { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = true };

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>When the feed last changed: its newest item's update, or the Unix epoch for an empty feed (never "now", so an unchanged feed keeps its ETag).</summary>
    public static DateTimeOffset UpdatedOf(IReadOnlyList<FeedItem> items) =>
        items.Count == 0 ? DateTimeOffset.UnixEpoch : items.Max(i => i.Updated);

    public static byte[] Rss(FeedInfo feed, IReadOnlyList<FeedItem> items)
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, Xml))
        {
            w.WriteStartDocument();
            w.WriteStartElement("rss");
            w.WriteAttributeString("version", "2.0");
            w.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
            w.WriteStartElement("channel");
            w.WriteElementString("title", Clean(feed.Title));
            w.WriteElementString("link", feed.HomeUrl);
            w.WriteElementString("description", Clean(feed.Description));
            w.WriteStartElement("atom", "link", AtomNamespace);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("type", "application/rss+xml");
            w.WriteAttributeString("href", feed.SelfUrl);
            w.WriteEndElement();
            w.WriteElementString("lastBuildDate", Rfc822(UpdatedOf(items)));
            foreach (var item in items)
            {
                w.WriteStartElement("item");
                w.WriteElementString("title", Clean(item.Title));
                w.WriteElementString("link", item.Url);
                w.WriteStartElement("guid");
                w.WriteAttributeString("isPermaLink", "false");
                w.WriteString(feed.ItemId(item.Id));
                w.WriteEndElement();
                w.WriteElementString("pubDate", Rfc822(item.Published));
                w.WriteElementString("description", Clean(item.Summary));
                w.WriteEndElement();
            }

            w.WriteEndElement();
            w.WriteEndElement();
        }

        return buffer.ToArray();
    }

    public static byte[] Atom(FeedInfo feed, IReadOnlyList<FeedItem> items)
    {
        using var buffer = new MemoryStream();
        using (var w = XmlWriter.Create(buffer, Xml))
        {
            w.WriteStartDocument();
            w.WriteStartElement("feed", AtomNamespace);
            w.WriteElementString("id", AtomNamespace, feed.Id);
            Text(w, "title", feed.Title);
            Text(w, "subtitle", feed.Description);
            w.WriteElementString("updated", AtomNamespace, Rfc3339(UpdatedOf(items)));
            w.WriteStartElement("author", AtomNamespace);
            w.WriteElementString("name", AtomNamespace, Clean(feed.Publisher));
            w.WriteEndElement();
            Link(w, "self", feed.SelfUrl, "application/atom+xml");
            Link(w, "alternate", feed.HomeUrl, null);
            foreach (var item in items)
            {
                w.WriteStartElement("entry", AtomNamespace);
                w.WriteElementString("id", AtomNamespace, feed.ItemId(item.Id));
                Text(w, "title", item.Title);
                w.WriteElementString("published", AtomNamespace, Rfc3339(item.Published));
                w.WriteElementString("updated", AtomNamespace, Rfc3339(item.Updated));
                if (item.Author is { } author)
                {
                    w.WriteStartElement("author", AtomNamespace);
                    w.WriteElementString("name", AtomNamespace, Clean(author));
                    w.WriteEndElement();
                }

                Link(w, "alternate", item.Url, null);
                Text(w, "summary", item.Summary);
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return buffer.ToArray();
    }

    public static byte[] JsonFeed(FeedInfo feed, IReadOnlyList<FeedItem> items)
    {
        var document = new JsonFeedDocument(
            "https://jsonfeed.org/version/1.1",
            feed.Title,
            feed.HomeUrl,
            feed.SelfUrl,
            feed.Description,
            [new JsonFeedAuthor(feed.Publisher)],
            items.Select(i => new JsonFeedItem(
                feed.ItemId(i.Id), i.Url, i.Title, i.Summary, i.Summary, Rfc3339(i.Published), Rfc3339(i.Updated),
                i.Author is { } author ? [new JsonFeedAuthor(author)] : null)).ToList());
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }

    /// <summary>RFC 822 (as RFC 1123 writes it, four-digit year, GMT), which RSS 2.0 asks for.</summary>
    public static string Rfc822(DateTimeOffset time) => time.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 in UTC, which Atom and JSON Feed ask for.</summary>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The text without the characters XML 1.0 forbids (NUL and most other control characters, lone surrogates).</summary>
    public static string Clean(string text)
    {
        StringBuilder? cleaned = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c);
            var keep = pair || XmlConvert.IsXmlChar(c);
            if (!keep)
            {
                cleaned ??= new StringBuilder(text, 0, i, text.Length);
                continue;
            }

            cleaned?.Append(c);
            if (pair)
            {
                cleaned?.Append(text[i + 1]);
                i++;
            }
        }

        return cleaned?.ToString() ?? text;
    }

    private static void Text(XmlWriter w, string name, string text)
    {
        w.WriteStartElement(name, AtomNamespace);
        w.WriteAttributeString("type", "text");
        w.WriteString(Clean(text));
        w.WriteEndElement();
    }

    private static void Link(XmlWriter w, string rel, string href, string? type)
    {
        w.WriteStartElement("link", AtomNamespace);
        w.WriteAttributeString("rel", rel);
        if (type is not null)
        {
            w.WriteAttributeString("type", type);
        }

        w.WriteAttributeString("href", href);
        w.WriteEndElement();
    }

    private sealed record JsonFeedDocument(
        string Version, string Title, string HomePageUrl, string FeedUrl, string Description,
        IReadOnlyList<JsonFeedAuthor> Authors, IReadOnlyList<JsonFeedItem> Items);

    private sealed record JsonFeedAuthor(string Name);

    private sealed record JsonFeedItem(
        string Id, string Url, string Title, string Summary, string ContentText, string DatePublished, string DateModified,
        IReadOnlyList<JsonFeedAuthor>? Authors);
}
