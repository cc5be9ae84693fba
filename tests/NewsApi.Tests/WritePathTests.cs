using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>A host with one API key configured, as a newsroom would run it.</summary>
public sealed class WritableNewsApiFactory : NewsApiFactory
{
    public const string Key = "test-key-0123456789";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("NewsApi:ApiKeys:0", Key),
        new("NewsApi:ApiKeys:1", "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("hashed-key")))),
    ];
}

public sealed class WritePathTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>
{
    private const string NewArticle = """
        Storm closes harbour as fishing fleet shelters

        <em>Boats tied up in the harbour (Picture: PA/John Smith)</em>
        Boats tied up in the harbour (Picture: PA/John Smith)

        A storm closed the harbour on Sunday.

        MORE: Parliament debates budget for the coming year
        """;

    private async Task<HttpClient> Writer()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task Post_creates_an_article_that_is_served_and_kept_by_a_reimport()
    {
        var client = await Writer();

        var created = await client.PostAsync("/api/v1/articles", Text(NewArticle));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.EndsWith($"/api/v1/articles/{id}", created.Headers.Location!.ToString());
        Assert.Equal("storm-closes-harbour-as-fishing-fleet-shelters", body.GetProperty("slug").GetString());
        Assert.Equal("PA", body.GetProperty("images")[0].GetProperty("creditAgency").GetString());
        Assert.Equal(JsonValueKind.Number, body.GetProperty("relatedLinks")[0].GetProperty("targetArticleId").ValueKind);
        Assert.Equal("storm-closes-harbour-as-fishing-fleet-shelters.txt", body.GetProperty("source").GetProperty("fileName").GetString());

        var summary = await client.ImportAsync();
        Assert.Equal(0, summary.GetProperty("removed").GetInt32());
        Assert.Equal(0, summary.GetProperty("updated").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
    }

    [Fact]
    public async Task Multipart_upload_creates_an_article()
    {
        var client = await Writer();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(NewArticle.Replace("Storm closes", "Gale closes", StringComparison.Ordinal)));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "article.txt");

        var created = await client.PostAsync("/api/v1/articles", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Gale closes harbour as fishing fleet shelters",
            (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Text_that_is_not_an_article_gets_422_with_the_parser_diagnostics()
    {
        var client = await Writer();

        var response = await client.PostAsync("/api/v1/articles", Text("   \n\n  "));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(problem.GetProperty("diagnostics").EnumerateArray());
    }

    [Fact]
    public async Task Put_replaces_content_keeping_id_and_slug_and_honours_if_match()
    {
        var client = await Writer();
        var created = await (await client.PostAsync("/api/v1/articles", Text(NewArticle.Replace("Storm", "Flood", StringComparison.Ordinal))))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        var get = await client.GetAsync($"/api/v1/articles/{id}");
        var etag = get.Headers.ETag!.Tag;

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/articles/{id}") { Content = Text("Different headline entirely\n\nNew body.") };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"0000000000000000\"");
        var staleResponse = await client.SendAsync(stale);

        var fresh = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/articles/{id}") { Content = Text("Different headline entirely\n\nNew body.") };
        fresh.Headers.TryAddWithoutValidation("If-Match", etag);
        var freshResponse = await client.SendAsync(fresh);
        var replaced = await freshResponse.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.PreconditionFailed, staleResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, freshResponse.StatusCode);
        Assert.Equal(id, replaced.GetProperty("id").GetInt32());
        Assert.Equal(created.GetProperty("slug").GetString(), replaced.GetProperty("slug").GetString());
        Assert.Equal("Different headline entirely", replaced.GetProperty("title").GetString());
        Assert.NotEqual(etag, (await client.GetAsync($"/api/v1/articles/{id}")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Delete_removes_the_article()
    {
        var client = await Writer();
        var created = await (await client.PostAsync("/api/v1/articles", Text(NewArticle.Replace("Storm", "Snow", StringComparison.Ordinal))))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();

        var deleted = await client.DeleteAsync($"/api/v1/articles/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/v1/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.DeleteAsync($"/api/v1/articles/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_key_given_as_its_sha256_hash_in_configuration_works()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", "hashed-key");

        var response = await client.PostAsync("/api/v1/articles", Text(NewArticle.Replace("Storm", "Hail", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("")]
    public async Task Every_write_route_needs_a_valid_key(string? key)
    {
        var client = await factory.CreateReadyClientAsync();
        if (key is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("X-Api-Key", key);
        }

        var responses = new[]
        {
            await client.PostAsync("/api/v1/articles", Text(NewArticle)),
            await client.PutAsync("/api/v1/articles/1", Text(NewArticle)),
            await client.DeleteAsync("/api/v1/articles/1"),
            await client.PostAsync("/api/v1/imports", null),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles/1")).StatusCode);
    }

    [Fact]
    public async Task Oversized_and_wrongly_typed_uploads_are_refused()
    {
        var client = await Writer();

        var huge = await client.PostAsync("/api/v1/articles", Text("Headline\n\n" + new string('x', 1_100_000)));
        var json = await client.PostAsync("/api/v1/articles", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class NoKeyConfiguredTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    [Fact]
    public async Task Without_a_configured_key_writes_answer_401_and_reads_work()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", "anything");

        var write = await client.PostAsync("/api/v1/articles", new StringContent("Headline\n\nBody.", Encoding.UTF8, "text/plain"));
        var problem = await write.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Unauthorized, write.StatusCode);
        Assert.Contains("no API key is configured", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/articles")).StatusCode);
    }
}

public sealed class CacheFreshnessTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>
{
    [Fact]
    public async Task A_cached_response_is_never_served_after_a_write_or_an_import()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        var created = await (await client.PostAsync("/api/v1/articles",
            new StringContent("Ferry timetable changes for winter\n\nThe ferry will sail twice a day.", System.Text.Encoding.UTF8, "text/plain")))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        var url = $"/api/v1/articles/{id}";
        var first = await client.GetAsync(url);
        var second = await client.GetAsync(url);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);

        // A write through the API.
        await client.PutAsync(url, new StringContent("Ferry timetable changes for spring\n\nThe ferry will sail four times a day.", System.Text.Encoding.UTF8, "text/plain"));
        var afterWrite = await (await client.GetAsync(url)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ferry timetable changes for spring", afterWrite.GetProperty("title").GetString());

        // A change on disk picked up by an import.
        var file = Path.Combine(factory.SourceDirectory, afterWrite.GetProperty("source").GetProperty("fileName").GetString()!);
        await File.WriteAllTextAsync(file, "Ferry timetable changes for summer\n\nThe ferry will sail hourly.");
        await client.ImportAsync();
        var afterImport = await (await client.GetAsync(url)).Content.ReadFromJsonAsync<JsonElement>();
        var list = await (await client.GetAsync("/api/v1/articles?sort=-id&pageSize=1")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Ferry timetable changes for summer", afterImport.GetProperty("title").GetString());
        Assert.Equal("Ferry timetable changes for summer", list.GetProperty("items")[0].GetProperty("title").GetString());
    }

    [Fact]
    public async Task Cursors_that_differ_only_in_case_are_different_cache_entries()
    {
        var client = await factory.CreateReadyClientAsync();
        var page = await (await client.GetAsync("/api/v1/articles?pageSize=1")).Content.ReadFromJsonAsync<JsonElement>();
        var cursor = page.GetProperty("nextCursor").GetString()!;

        var exact = await client.GetAsync($"/api/v1/articles?pageSize=1&after={cursor}");
        var changed = await client.GetAsync($"/api/v1/articles?pageSize=1&after={cursor.ToLowerInvariant()}");

        Assert.Equal(System.Net.HttpStatusCode.OK, exact.StatusCode);
        Assert.NotEqual(exact.Headers.ETag, changed.Headers.ETag);
    }
}
