using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// Writes through the API change the store, the system of record, and never the source folder; the folder is an
/// import source, and the last write wins whether it arrives through the API or as a changed file.
/// </summary>
public sealed class StoreWritesTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>
{
    private const string Article = """
        Tide mill reopens after a decade of repairs

        The tide mill on the estuary ground flour again on Saturday.
        """;

    private async Task<HttpClient> Writer()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    private Dictionary<string, string> FolderSnapshot() =>
        Directory.EnumerateFiles(factory.SourceDirectory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(factory.SourceDirectory, f),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))) + "@" + File.GetLastWriteTimeUtc(f).Ticks);

    private async Task ImportAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ArticleImporter>().ImportAsync(factory.SourceDirectory);
    }

    private async Task<byte[]?> StoredSourceAsync(int id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        return await db.ArticleSources.Where(s => s.ArticleId == id).Select(s => s.Text).FirstOrDefaultAsync();
    }

    private static async Task<int> IdOfAsync(HttpClient client, string slug) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{slug}")).GetProperty("id").GetInt32();

    [Fact]
    public async Task Api_writes_leave_the_folder_alone_keep_the_text_and_win_until_the_file_changes()
    {
        var client = await Writer();
        var seedId = await IdOfAsync(client, Fixtures.SeedSlug);
        var before = FolderSnapshot();

        var created = await client.PostAsync("/api/v1/articles", Text(Article));
        var createdId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        const string edited = "Seed headline rewritten through the API\n\nA corrected first paragraph.\n";
        var put = await client.PutAsync($"/api/v1/articles/{seedId}", Text(edited));
        var croc = await IdOfAsync(client, Slugs.FromHeadline(Fixtures.CrocodileTitle));
        var deleted = await client.DeleteAsync($"/api/v1/articles/{croc}");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.NoContent), (created.StatusCode, put.StatusCode, deleted.StatusCode));
        Assert.Equal(before, FolderSnapshot());
        Assert.Equal(Encoding.UTF8.GetBytes(Article), await StoredSourceAsync(createdId));
        Assert.Equal(Encoding.UTF8.GetBytes(edited), await StoredSourceAsync(seedId));

        // The folder did not change, so importing it changes nothing the API wrote.
        await ImportAsync();
        Assert.Equal("Seed headline rewritten through the API", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{seedId}")).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{createdId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/api/v1/articles/{croc}")).StatusCode);

        // A later edit of the file is the newer write, and wins.
        var seedFile = Path.Combine(factory.SourceDirectory, Fixtures.SeedFile);
        File.WriteAllText(seedFile, "Seed headline rewritten in the file\n\nThe file's paragraph.\n");
        await ImportAsync();
        var seed = await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{seedId}");
        Assert.Equal("Seed headline rewritten in the file", seed.GetProperty("title").GetString());
        Assert.Equal(File.ReadAllBytes(seedFile), await StoredSourceAsync(seedId));
    }

    [Fact]
    public async Task A_written_text_with_a_nul_is_refused_as_binary_and_stores_nothing()
    {
        // Microsoft.Data.Sqlite cuts a text parameter of more than about 512 UTF-8 bytes at its first NUL: a paragraph
        // that reached the store with one would lose everything after it, silently. A text with a NUL is refused
        // before anything is written, as the importer skips such a file.
        var client = await Writer();
        var tail = string.Join(' ', Enumerable.Repeat("estuary", 100)) + " quernstone";
        var created = await client.PostAsync("/api/v1/articles", Text($"Nul byte reaches the writer\n\nBefore the nul\0after it {tail}\n"));

        var problem = await created.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("binary-file", problem.GetProperty("diagnostics")[0].GetProperty("code").GetString());
        var found = await client.GetFromJsonAsync<JsonElement>("/api/v1/articles?q=quernstone");
        Assert.Empty(found.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/articles/" + Slugs.FromHeadline("Nul byte reaches the writer"))).StatusCode);
    }

    [Fact]
    public async Task Of_ten_concurrent_puts_or_deletes_with_one_etag_exactly_one_succeeds()
    {
        var client = await Writer();
        var id = await IdOfAsync(client, Slugs.FromHeadline("Zürich café owners protest new rules on terraces"));
        var get = await client.GetAsync($"/api/v1/articles/{id}");
        var etag = get.Headers.ETag!.Tag;
        Assert.Contains("é", await get.Content.ReadAsStringAsync());

        var puts = await Task.WhenAll(Enumerable.Range(0, 10).Select(n =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/articles/{id}")
            {
                Content = Text($"Zürich café owners protest, take {n}\n\n“Terraces” & <rules> at ten.\n"),
            };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return client.SendAsync(request);
        }));

        Assert.Equal([HttpStatusCode.OK], puts.Select(r => r.StatusCode).Where(s => s != HttpStatusCode.PreconditionFailed));
        Assert.Equal(9, puts.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));

        var current = (await client.GetAsync($"/api/v1/articles/{id}")).Headers.ETag!.Tag;
        var deletes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/articles/{id}");
            request.Headers.TryAddWithoutValidation("If-Match", current);
            return client.SendAsync(request);
        }));

        // The one that wins deletes; the others find the ETag stale or, once the delete committed, the article gone.
        Assert.Single(deletes, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.All(deletes.Where(r => r.StatusCode != HttpStatusCode.NoContent),
            r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.PreconditionFailed, HttpStatusCode.Gone }));
    }

    [Fact]
    public async Task Put_and_delete_of_a_removed_id_answer_410_and_of_an_unknown_id_404_even_with_if_match()
    {
        var client = await Writer();
        var created = await client.PostAsync("/api/v1/articles", Text(Article.Replace("Tide mill", "Windmill", StringComparison.Ordinal)));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/articles/{id}")).StatusCode);

        var put = await client.PutAsync($"/api/v1/articles/{id}", Text(Article));
        var delete = await client.DeleteAsync($"/api/v1/articles/{id}");
        var unknown = new HttpRequestMessage(HttpMethod.Put, "/api/v1/articles/999999") { Content = Text(Article) };
        unknown.Headers.TryAddWithoutValidation("If-Match", "\"0000\"");
        var missing = await client.SendAsync(unknown);

        Assert.Equal((HttpStatusCode.Gone, HttpStatusCode.Gone, HttpStatusCode.NotFound), (put.StatusCode, delete.StatusCode, missing.StatusCode));
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.Equal(id, (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("articleId").GetInt32());
    }
}

/// <summary>If-Match with the seed article, on a host of its own (the other write tests change the seed).</summary>
public sealed class SeedIfMatchTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>
{
    [Fact]
    public async Task The_seed_articles_etag_from_get_satisfies_if_match()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        var id = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/articles/{Fixtures.SeedSlug}")).GetProperty("id").GetInt32();
        var get = await client.GetAsync($"/api/v1/articles/{id}");

        // The seed article holds curly quotes: the ETag GET sends must be the one a write compares with.
        Assert.Contains("’", await get.Content.ReadAsStringAsync());
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/articles/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(request)).StatusCode);
    }
}
