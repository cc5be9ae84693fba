using System.ServiceModel.Syndication;
using System.Xml;
using NewsApi.Tests.Support;

namespace NewsApi.Tests.Feeds;

/// <summary>
/// The RSS and Atom feeds loaded by .NET's own syndication reader (System.ServiceModel.Syndication), a feed parser
/// that knows nothing of ours and throws on a feed that breaks its format's rules (a missing required element, a
/// date that does not parse, an unknown root).
/// </summary>
public sealed class FeedReaderTests(FeedNewsApiFactory factory) : IClassFixture<FeedNewsApiFactory>
{
    [Theory]
    [InlineData("/api/v1/feeds/articles.rss")]
    [InlineData("/api/v1/feeds/articles.atom")]
    [InlineData("/api/v1/feeds/articles.rss?q=crocodile")]
    [InlineData("/api/v1/feeds/articles.atom?hasImages=true")]
    public async Task A_standard_feed_reader_loads_every_item_with_its_link_title_and_date(string path)
    {
        var client = await factory.CreateReadyClientAsync();
        var query = path.Contains('?', StringComparison.Ordinal) ? "&" + path.Split('?')[1] : string.Empty;
        var list = await client.GetJsonAsync("/api/v1/articles?pageSize=20&sort=-updatedAt" + query);

        await using var stream = await client.GetStreamAsync(path);
        using var reader = XmlReader.Create(stream);
        var feed = SyndicationFeed.Load(reader);

        Assert.False(string.IsNullOrWhiteSpace(feed.Title?.Text));
        var items = feed.Items.ToList();
        Assert.Equal(list.GetProperty("items").GetArrayLength(), items.Count);
        Assert.NotEmpty(items);
        foreach (var item in items)
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Title?.Text));
            var link = Assert.Single(item.Links, l => l.RelationshipType is null or "alternate");
            Assert.StartsWith("https://news.example.com/", link.Uri.ToString(), StringComparison.Ordinal);
            Assert.NotEqual(default, item.PublishDate == default ? item.LastUpdatedTime : item.PublishDate);
            Assert.False(string.IsNullOrEmpty(item.Id));
        }

        // The hostile headline arrives as the text it is, markup and all, never as markup.
        if (query.Length == 0)
        {
            Assert.Contains(items, i => i.Title.Text.Contains("<script>alert(1)</script> & \"Tom\" ]]>", StringComparison.Ordinal));
        }
    }
}
