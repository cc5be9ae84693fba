using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data.Import;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The search indexes follow the source folder when it is re-imported: changed files and removed files.</summary>
public sealed class SearchIndexSyncTests
{
    [Fact]
    public async Task Search_follows_a_changed_file_after_reimport()
    {
        using var factory = new NewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        var before = await SearchAsync(client, "/api/v1/articles?q=crocodile");
        var id = before.Single(i => i.Title == Fixtures.CrocodileTitle).Id;

        File.WriteAllText(Path.Combine(factory.SourceDirectory, "001_crocodile.txt"), """
            Indonesian woman rescued from pet walrus enclosure

            <em>The walrus at the farm in North Sulawesi (Picture: Reuters/Jane Doe)</em>
            The walrus at the farm in North Sulawesi (Picture: Reuters/Jane Doe)

            A woman was rescued from a walrus enclosure at a pearl farm, police said.
            """, new UTF8Encoding(false));
        var summary = await ReimportAsync(factory);

        Assert.Equal(1, summary.Updated);
        Assert.DoesNotContain(await SearchAsync(client, "/api/v1/articles?q=crocodile"), i => i.Id == id);
        Assert.DoesNotContain(await SearchAsync(client, "/api/v1/articles?q=mauled"), i => i.Id == id);
        var walrus = Assert.Single(await SearchAsync(client, "/api/v1/articles?q=walrus"));
        Assert.Equal(id, walrus.Id); // replaced in place: same id
        Assert.Equal("Indonesian woman rescued from pet <mark>walrus</mark> enclosure", walrus.Highlights![0]);
        Assert.Contains(await SearchAsync(client, "/api/v1/search/suggest?prefix=walr", paged: false), i => i.Id == id);
        Assert.Empty(await SearchAsync(client, "/api/v1/search/suggest?prefix=mauled", paged: false));

        // Images of the changed file are searchable by their new caption and credit only.
        Assert.Empty(await SearchAsync(client, "/api/v1/images?q=crocodile"));
        Assert.Empty(await SearchAsync(client, "/api/v1/images?q=getty"));
        Assert.Equal(id, Assert.Single(await SearchAsync(client, "/api/v1/images?q=walrus%20reuters")).ArticleId);
    }

    [Fact]
    public async Task Search_forgets_a_removed_file_after_reimport()
    {
        using var factory = new NewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        var crocodileId = (await SearchAsync(client, "/api/v1/articles?q=%22pet%20crocodile%22")).Single().Id;
        Assert.NotEmpty(await SearchAsync(client, "/api/v1/images?q=sulawesi"));

        File.Delete(Path.Combine(factory.SourceDirectory, "001_crocodile.txt"));
        var summary = await ReimportAsync(factory, prune: true);

        Assert.Equal(1, summary.Removed);
        var crocodile = await SearchAsync(client, "/api/v1/articles?q=crocodile");
        Assert.DoesNotContain(crocodile, i => i.Id == crocodileId);
        Assert.NotEmpty(crocodile); // the café article still mentions crocodile handlers
        Assert.Empty(await SearchAsync(client, "/api/v1/articles?q=sulawesi"));
        Assert.Empty(await SearchAsync(client, "/api/v1/images?q=sulawesi"));
        Assert.DoesNotContain(await SearchAsync(client, "/api/v1/search/suggest?prefix=indonesian", paged: false), i => i.Id == crocodileId);
        var total = (await client.GetFromJsonAsync<JsonElement>("/api/v1/articles?q=the%20OR%20crocodile&pageSize=100")).GetProperty("totalItems").GetInt32();
        Assert.Equal(total, (await SearchAsync(client, "/api/v1/articles?q=the%20OR%20crocodile&pageSize=100")).Count);
    }

    [Fact]
    public async Task A_new_file_is_searchable_after_reimport_and_an_unchanged_folder_changes_nothing()
    {
        using var factory = new NewsApiFactory();
        var client = await factory.CreateReadyClientAsync();
        Assert.Empty(await SearchAsync(client, "/api/v1/articles?q=gondola"));

        var unchanged = await ReimportAsync(factory);
        Assert.Equal(Fixtures.Good.Count, unchanged.Unchanged);

        File.WriteAllText(Path.Combine(factory.SourceDirectory, "500_gondola.txt"), """
            Gondola lift reopens after repairs

            The gondola lift above the village carried its first passengers in a year.
            """, new UTF8Encoding(false));
        var summary = await ReimportAsync(factory);

        Assert.Equal(1, summary.Imported);
        Assert.Equal(Fixtures.Good.Count, summary.Unchanged);
        var hit = Assert.Single(await SearchAsync(client, "/api/v1/articles?q=gondola"));
        Assert.Equal("Gondola lift reopens after repairs", hit.Title);
    }

    private static async Task<ImportSummary> ReimportAsync(NewsApiFactory factory, bool prune = false)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ArticleImporter>().ImportAsync(factory.SourceDirectory, prune: prune);
    }

    private sealed record Hit(int Id, string? Title, IReadOnlyList<string>? Highlights, int? ArticleId);

    private static async Task<List<Hit>> SearchAsync(HttpClient client, string url, bool paged = true)
    {
        var body = await client.GetFromJsonAsync<JsonElement>(url);
        var items = paged ? body.GetProperty("items") : body;
        return items.EnumerateArray().Select(i => new Hit(
            i.GetProperty("id").GetInt32(),
            i.TryGetProperty("title", out var t) ? t.GetString() : null,
            i.TryGetProperty("highlights", out var h) && h.ValueKind == JsonValueKind.Array ? h.EnumerateArray().Select(x => x.GetProperty("text").GetString()!).ToList() : null,
            i.TryGetProperty("article", out var a) ? a.GetProperty("id").GetInt32() : null)).ToList();
    }
}
