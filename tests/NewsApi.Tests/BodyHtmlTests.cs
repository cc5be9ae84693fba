using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary><c>include=bodyHtml</c>: the body as HTML a browser parses into only the allowed elements, with every text escaped.</summary>
public sealed class BodyHtmlTests(RenditionNewsApiFactory factory) : IClassFixture<RenditionNewsApiFactory>
{
    private static readonly string[] Allowed = ["p", "figure", "figcaption", "small", "aside", "a"];

    private const string Target = "Harbour festival returns after three years";

    private const string Hostile = $$"""
        Harbour <script>alert('title')</script> festival draws crowds

        <em>Crowds "><img src=x onerror=alert(1)> gather &amp; cheer <script>alert('caption')</script> (Picture: REUTERS/"><img src=y onerror=alert(2)> &amp; Co)</em>
        Crowds "><img src=x onerror=alert(1)> gather &amp; cheer <script>alert('caption')</script> (Picture: REUTERS/"><img src=y onerror=alert(2)> &amp; Co)

        First <script>alert("p")</script> paragraph &amp; more.

        Second "><img src=x onerror=alert(3)> paragraph with <b>bold</b> & a <a href="javascript:alert(4)">link</a>.

        MORE: {{Target}}
        MORE: An <i>unresolved</i> teaser "><script>alert(5)</script>
        """;

    private async Task<HttpClient> WriterAsync()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private async Task<(HttpClient Client, int Id, int TargetId)> HostileArticleAsync()
    {
        var client = await WriterAsync();
        var target = await client.PostAsync("/api/v1/articles", new StringContent($"{Target}\n\nThe festival returns in June.", Encoding.UTF8, "text/plain"));
        var targetId = (await target.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var created = await client.PostAsync("/api/v1/articles", new StringContent(Hostile, Encoding.UTF8, "text/plain"));
        return (client, (await created.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32(), targetId);
    }

    private static IElement Parse(string html) => new HtmlParser().ParseDocument($"<!DOCTYPE html><html><body>{html}</body></html>").Body!;

    [Fact]
    public async Task BodyHtml_has_a_p_figure_or_aside_per_body_block_in_order_with_every_hostile_text_as_text()
    {
        var (client, id, targetId) = await HostileArticleAsync();

        var article = await client.GetJsonAsync($"/api/v1/articles/{id}?include=bodyHtml");
        var body = Parse(article.GetProperty("bodyHtml").GetString()!);

        // Only the allowed elements and attributes, whatever the source said.
        Assert.All(body.QuerySelectorAll("*"), e => Assert.Contains(e.LocalName, Allowed));
        Assert.All(body.QuerySelectorAll("*").SelectMany(e => e.Attributes), a => Assert.Contains(a.Name, new[] { "data-image-id", "class", "href" }));

        var blocks = article.GetProperty("body").EnumerateArray().ToList();
        var images = article.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt32());
        var links = article.GetProperty("relatedLinks").EnumerateArray().ToDictionary(l => l.GetProperty("id").GetInt32());
        Assert.Equal(blocks.Count, body.Children.Length);
        Assert.Contains(blocks, b => b.GetProperty("type").GetString() == "image");
        Assert.Equal(2, blocks.Count(b => b.GetProperty("type").GetString() == "relatedLink"));
        foreach (var (block, element) in blocks.Zip(body.Children))
        {
            switch (block.GetProperty("type").GetString())
            {
                case "paragraph":
                    Assert.Equal("p", element.LocalName);
                    Assert.Equal(block.GetProperty("text").GetString(), element.TextContent);
                    break;
                case "image":
                    var image = images[block.GetProperty("imageId").GetInt32()];
                    var caption = image.GetProperty("caption").GetString()!;
                    var credit = image.GetProperty("credit").GetString()!;
                    Assert.Equal("figure", element.LocalName);
                    Assert.Equal(["figcaption"], element.Children.Select(c => c.LocalName));
                    Assert.Equal(image.GetProperty("id").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), element.GetAttribute("data-image-id"));
                    Assert.Equal($"{caption} {credit}", element.Children[0].TextContent);
                    Assert.Equal(credit, Assert.Single(element.Children[0].QuerySelectorAll("small.credit")).TextContent);
                    break;
                default:
                    var link = links[block.GetProperty("relatedLinkId").GetInt32()];
                    Assert.Equal("aside", element.LocalName);
                    Assert.Equal("related", element.ClassName);
                    Assert.Equal(link.GetProperty("title").GetString(), element.TextContent);
                    if (link.GetProperty("target").ValueKind == JsonValueKind.Object)
                    {
                        // The lowest id with the headline wins, which is this test's target or an earlier test's.
                        Assert.True(link.GetProperty("target").GetProperty("id").GetInt32() <= targetId);
                        Assert.Equal(Target, link.GetProperty("target").GetProperty("title").GetString());
                        Assert.Equal(link.GetProperty("target").GetProperty("url").GetString(), Assert.Single(element.Children).GetAttribute("href"));
                    }
                    else
                    {
                        Assert.Empty(element.Children);
                    }

                    break;
            }
        }

        // The hostile text reached the body (so the escaping above was put to the test) and came out as text.
        var text = body.TextContent;
        Assert.Contains("<script>alert(\"p\")</script>", text, StringComparison.Ordinal);
        Assert.Contains("\"><img src=x onerror=alert(3)>", text, StringComparison.Ordinal);
        Assert.Contains("onerror=alert(2)", body.QuerySelector("small.credit")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"><img src=x onerror=alert(1)>", body.QuerySelector("figcaption")!.TextContent, StringComparison.Ordinal);
        // The parser reads the source's &amp; as "&", which the HTML escapes again.
        Assert.Contains("gather & cheer", text, StringComparison.Ordinal);
        Assert.Contains("gather &amp; cheer", article.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.Contains(body.QuerySelectorAll("aside").Select(a => a.TextContent), t => t.Contains("<script>alert(5)</script>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodyHtml_comes_only_when_asked_has_its_own_etag_and_never_comes_from_a_stored_rendition()
    {
        var (client, id, _) = await HostileArticleAsync();
        await factory.RenderAllAsync();

        var plain = await client.GetAsync($"/api/v1/articles/{id}");
        var withHtml = await client.GetAsync($"/api/v1/articles/{id}?include=bodyHtml");
        var plainJson = await plain.JsonAsync();
        var htmlJson = await withHtml.JsonAsync();

        Assert.False(plainJson.TryGetProperty("bodyHtml", out _));
        Assert.StartsWith("<figure data-image-id=", htmlJson.GetProperty("bodyHtml").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(plain.Headers.ETag, withHtml.Headers.ETag);
        var again = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{id}?include=bodyHtml") { Headers = { IfNoneMatch = { withHtml.Headers.ETag! } } };
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // A stored rendition has no bodyHtml: edited behind the API's back, it shows that an include request never reads it.
        factory.Execute("UPDATE \"ArticleRenditions\" SET \"Json\" = @json WHERE \"ArticleId\" = @id", ("@json", Encoding.UTF8.GetBytes("{\"marked\":true}")), ("@id", id));
        var fromRendition = await client.GetStringAsync($"/api/v1/articles/{id}");
        var included = await client.GetJsonAsync($"/api/v1/articles/{id}?include=bodyHtml");
        factory.Execute("DELETE FROM \"ArticleRenditions\" WHERE \"ArticleId\" = @id", ("@id", id));
        Assert.Equal("{\"marked\":true}", fromRendition);
        Assert.Equal(htmlJson.GetProperty("bodyHtml").GetString(), included.GetProperty("bodyHtml").GetString());
    }

    [Theory]
    [InlineData("fields=id,title&include=bodyHtml", "id,title,bodyHtml")]
    [InlineData("fields=id,bodyHtml", "id,bodyHtml")]
    [InlineData("include=bodyHtml,bodyHtml&fields=", null)]
    public async Task Include_and_fields_combine(string query, string? expected)
    {
        var client = await factory.CreateReadyClientAsync();

        var article = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}?{query}");

        var names = article.EnumerateObject().Select(p => p.Name).ToList();
        if (expected is null)
        {
            Assert.Contains("body", names);
            Assert.Contains("bodyHtml", names);
        }
        else
        {
            Assert.Equal(expected.Split(','), names);
        }
    }

    [Theory]
    [InlineData("include=bodyhtml")]
    [InlineData("include=bodyHtml,json")]
    [InlineData("include=<script>")]
    public async Task An_unknown_include_is_a_400_listing_the_valid_ones(string query)
    {
        var client = await factory.CreateReadyClientAsync();

        var response = await client.GetAsync($"/api/v1/articles/{Fixtures.SeedSlug}?{query}");

        var problem = await response.ValidationProblemAsync("include");
        Assert.Contains("Valid includes: bodyHtml", problem.GetProperty("errors").GetProperty("include")[0].GetString(), StringComparison.Ordinal);
    }
}
