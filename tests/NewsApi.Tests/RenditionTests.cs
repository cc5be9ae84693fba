using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewsApi.Caching;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// A writable host whose renditions are made only when a test asks (no background builder), so each test knows
/// whether an article is answered by MVC or by its stored rendition.
/// </summary>
public sealed class RenditionNewsApiFactory : NewsApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("NewsApi:ApiKeys:0", WritableNewsApiFactory.Key)];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            var builderService = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RenditionBuilder));
            services.Remove(builderService);
        });
    }

    /// <summary>Renders every article that has no rendition; returns how many were rendered.</summary>
    public async Task<int> RenderAllAsync()
    {
        var renditions = Services.GetRequiredService<ArticleRenditions>();
        var (after, total) = (0, 0);
        while (await renditions.RenderPendingAsync(after, 3, CancellationToken.None) is { } batch)
        {
            Assert.False(batch.Busy, "nothing else writes, yet the writers' lock was taken");
            (after, total) = (batch.Last, total + batch.Rendered);
        }

        return total;
    }

    /// <summary>A number from the store; SQL that both providers read (quoted names, <c>@</c> parameters).</summary>
    public long Scalar(string sql)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        command.ExecuteNonQuery();
    }
}

public sealed class RenditionTests(RenditionNewsApiFactory factory) : IClassFixture<RenditionNewsApiFactory>
{
    private sealed record Answer(HttpStatusCode Status, string Body, string? ETag, string? LastModified, string? ContentType);

    private static async Task<Answer> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return new Answer(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ETag?.ToString(),
            response.Content.Headers.LastModified?.ToString("R"), response.Content.Headers.ContentType?.ToString());
    }

    private async Task<HttpClient> WriterAsync()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private static async Task<int> PostAsync(HttpClient client, string text)
    {
        var response = await client.PostAsync("/api/v1/articles", new StringContent(text, Encoding.UTF8, "text/plain"));
        return (await response.JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    private static JsonElement Teaser(Answer article) =>
        JsonDocument.Parse(article.Body).RootElement.GetProperty("relatedLinks")[0].Clone();

    [Fact]
    public async Task The_etag_a_get_sends_is_the_one_if_match_accepts_for_any_text_from_mvc_and_from_a_rendition()
    {
        var client = await WriterAsync();
        const string Text = "Café owner’s “best” year: profits & <losses> rise\n\nThe café’s owner said profits rose & losses fell.\n";
        var id = await PostAsync(client, Text);

        // First from MVC (nothing rendered yet), then from the stored rendition: each ETag must let the same text back in.
        foreach (var render in new[] { false, true })
        {
            if (render)
            {
                Assert.True(await factory.RenderAllAsync() > 0);
            }

            var get = await client.GetAsync($"/api/v1/articles/{id}");
            Assert.Contains("café’s", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/articles/{id}") { Content = new StringContent(Text, Encoding.UTF8, "text/plain") };
            put.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.ToString());

            var response = await client.SendAsync(put);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Every_article_is_served_from_its_rendition_byte_for_byte_as_mvc_renders_it()
    {
        var client = await factory.CreateReadyClientAsync();
        var articles = (await client.GetJsonAsync("/api/v1/articles?pageSize=100")).GetProperty("items").EnumerateArray()
            .Select(a => (Id: a.GetProperty("id").GetInt32(), Slug: a.GetProperty("slug").GetString()!)).ToList();
        Assert.True(articles.Count >= 5, $"only {articles.Count} articles");

        // Several articles of this class's store may already be rendered by the other tests; drop them all first.
        factory.Execute("DELETE FROM \"ArticleRenditions\"");
        var byMvc = new List<Answer>();
        foreach (var (id, slug) in articles)
        {
            byMvc.Add(await GetAsync(client, $"/api/v1/articles/{id}"));
        }

        Assert.Equal(articles.Count, await factory.RenderAllAsync());
        Assert.Equal(articles.Count, factory.Scalar("SELECT count(*) FROM \"ArticleRenditions\""));
        for (var i = 0; i < articles.Count; i++)
        {
            var (id, slug) = articles[i];
            Assert.Equal(HttpStatusCode.OK, byMvc[i].Status);
            Assert.NotNull(byMvc[i].ETag);
            Assert.NotNull(byMvc[i].LastModified);
            Assert.Equal(byMvc[i], await GetAsync(client, $"/api/v1/articles/{id}"));
            Assert.Equal(byMvc[i], await GetAsync(client, $"/api/v1/articles/{slug}"));
        }
    }

    [Fact]
    public async Task A_rendered_article_is_answered_from_its_stored_row()
    {
        var client = await factory.CreateReadyClientAsync();
        await factory.RenderAllAsync();
        var seed = await client.GetJsonAsync($"/api/v1/articles/{Fixtures.SeedSlug}");
        var id = seed.GetProperty("id").GetInt32();

        // Only a read of the stored row can see this edit, made behind the API's back.
        factory.Execute("UPDATE \"ArticleRenditions\" SET \"Json\" = @json, \"ETag\" = '\"marked\"' WHERE \"ArticleId\" = @id",
            ("@json", Encoding.UTF8.GetBytes("{\"marked\":true}")), ("@id", id));
        var marked = await GetAsync(client, $"/api/v1/articles/{id}");
        var bySlug = await GetAsync(client, $"/api/v1/articles/{Fixtures.SeedSlug}");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/articles/{id}"));
        var revalidated = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/v1/articles/{id}") { Headers = { { "If-None-Match", "\"marked\"" } } });
        var withQuery = await client.GetAsync($"/api/v1/articles/{id}?unknown=1");

        factory.Execute("DELETE FROM \"ArticleRenditions\" WHERE \"ArticleId\" = @id", ("@id", id));
        Assert.Equal("{\"marked\":true}", marked.Body);
        Assert.Equal("\"marked\"", marked.ETag);
        Assert.Equal("application/json; charset=utf-8", marked.ContentType);
        Assert.Equal("{\"marked\":true}", bySlug.Body);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(15, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);

        // Anything MVC would refuse still goes to MVC.
        await withQuery.ValidationProblemAsync("unknown");
    }

    [Fact]
    public async Task A_rendition_is_never_served_after_the_article_or_an_article_it_names_changes()
    {
        var client = await WriterAsync();
        const string Target = "Lighthouse keeper retires after forty years on the rock";
        var targetId = await PostAsync(client, $"{Target}\n\nThe keeper lit the lamp for the last time on Friday.");
        var teaserId = await PostAsync(client, $"Coastguard station opens to visitors\n\nThe station opened on Saturday.\n\nMORE: {Target}");
        var url = $"/api/v1/articles/{teaserId}";

        await factory.RenderAllAsync();
        Assert.Equal(targetId, Teaser(await GetAsync(client, url)).GetProperty("targetArticleId").GetInt32());

        // The article its teaser names is deleted: the teaser no longer resolves.
        await factory.RenderAllAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/articles/{targetId}")).StatusCode);
        Assert.Equal(JsonValueKind.Null, Teaser(await GetAsync(client, url)).GetProperty("targetArticleId").ValueKind);

        // An article with that headline appears again: the teaser resolves to it.
        await factory.RenderAllAsync();
        var againId = await PostAsync(client, $"{Target}\n\nThe keeper came back for one more night.");
        var resolved = Teaser(await GetAsync(client, url));
        Assert.Equal(againId, resolved.GetProperty("targetArticleId").GetInt32());
        Assert.False(string.IsNullOrEmpty(resolved.GetProperty("targetSlug").GetString()));

        // The article itself is replaced through the API...
        await factory.RenderAllAsync();
        var before = await GetAsync(client, url);
        var put = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = new StringContent($"Coastguard station closes for winter\n\nThe station closed on Sunday.\n\nMORE: {Target}", Encoding.UTF8, "text/plain"),
        };
        put.Headers.TryAddWithoutValidation("If-Match", before.ETag);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        var afterPut = await GetAsync(client, url);
        Assert.Equal("Coastguard station closes for winter", JsonDocument.Parse(afterPut.Body).RootElement.GetProperty("title").GetString());
        Assert.NotEqual(before.ETag, afterPut.ETag);

        // ...and changed on disk, then imported.
        await factory.RenderAllAsync();
        var file = Path.Combine(factory.SourceDirectory, JsonDocument.Parse(afterPut.Body).RootElement.GetProperty("source").GetProperty("fileName").GetString()!);
        await File.WriteAllTextAsync(file, $"Coastguard station reopens in spring\n\nThe station will reopen in March.\n\nMORE: {Target}");
        Assert.Equal("completed", (await client.ImportAsync()).GetProperty("status").GetString());
        var afterImport = await GetAsync(client, url);
        Assert.Equal("Coastguard station reopens in spring", JsonDocument.Parse(afterImport.Body).RootElement.GetProperty("title").GetString());

        // What is rendered next is what MVC served.
        Assert.True(await factory.RenderAllAsync() >= 1);
        Assert.Equal(afterImport, await GetAsync(client, url));
    }

    [Fact]
    public async Task A_rendition_showing_a_teaser_target_goes_stale_when_the_target_changes_through_the_api_or_an_import()
    {
        var client = await WriterAsync();
        const string Target = "Ferry timetable changes for the winter season";
        var targetId = await PostAsync(client, $"{Target}\n\nFerries will sail twice a day from November.");
        var linkerId = await PostAsync(client, $"Island school gets a new roof\n\nThe roof was finished on Monday.\n\nMORE: {Target}");
        var url = $"/api/v1/articles/{linkerId}";

        await factory.RenderAllAsync();
        var first = await GetAsync(client, url);
        var card = Teaser(first).GetProperty("target");
        Assert.Equal(targetId, card.GetProperty("id").GetInt32());
        Assert.Equal(Target, card.GetProperty("title").GetString());
        Assert.Equal("Ferries will sail twice a day from November.", card.GetProperty("summary").GetString());

        // The target is rewritten through the API: its title differs only in case, so the teaser still resolves to it,
        // and only its card's text changed.
        var target = await GetAsync(client, $"/api/v1/articles/{targetId}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/articles/{targetId}")
        {
            Content = new StringContent("Ferry Timetable Changes For The Winter Season\n\nFerries will sail once a day from November.", Encoding.UTF8, "text/plain"),
        };
        put.Headers.TryAddWithoutValidation("If-Match", target.ETag);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(put)).StatusCode);
        var afterPut = await GetAsync(client, url);
        card = Teaser(afterPut).GetProperty("target");
        Assert.Equal("Ferry Timetable Changes For The Winter Season", card.GetProperty("title").GetString());
        Assert.Equal("Ferries will sail once a day from November.", card.GetProperty("summary").GetString());
        Assert.NotEqual(first.ETag, afterPut.ETag);

        // The target's file changes on disk and is imported.
        await factory.RenderAllAsync();
        Assert.Equal(afterPut, await GetAsync(client, url));
        var targetJson = JsonDocument.Parse((await GetAsync(client, $"/api/v1/articles/{targetId}")).Body).RootElement;
        var file = Path.Combine(factory.SourceDirectory, targetJson.GetProperty("source").GetProperty("fileName").GetString()!);
        await File.WriteAllTextAsync(file, "FERRY TIMETABLE CHANGES FOR THE WINTER SEASON\n\nFerries will not sail in December.");
        Assert.Equal("completed", (await client.ImportAsync()).GetProperty("status").GetString());
        var afterImport = await GetAsync(client, url);
        card = Teaser(afterImport).GetProperty("target");
        Assert.Equal("FERRY TIMETABLE CHANGES FOR THE WINTER SEASON", card.GetProperty("title").GetString());
        Assert.Equal("Ferries will not sail in December.", card.GetProperty("summary").GetString());
        Assert.NotEqual(afterPut.ETag, afterImport.ETag);

        // The target is deleted (tombstoned): the card goes.
        await factory.RenderAllAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/articles/{targetId}")).StatusCode);
        var afterDelete = await GetAsync(client, url);
        Assert.Equal(JsonValueKind.Null, Teaser(afterDelete).GetProperty("target").ValueKind);
        Assert.NotEqual(afterImport.ETag, afterDelete.ETag);

        // What is rendered next is what MVC served.
        await factory.RenderAllAsync();
        Assert.Equal(afterDelete, await GetAsync(client, url));
    }
}
