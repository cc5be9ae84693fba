using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Support;
using Serilog.Core;
using Serilog.Events;

namespace NewsApi.Tests;

/// <summary>A second host over another host's store, with its own source folder setting (missing, or empty), capturing its log.</summary>
public sealed class ReopenedNewsApiFactory(string connectionString, string sourceDirectory) : NewsApiFactory
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("ConnectionStrings:NewsApi", connectionString),
        new("NewsApi:SourceDirectory", sourceDirectory),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(new Sink(Events)));
    }

    private sealed class Sink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}

/// <summary>The store is the system of record: the folder only feeds it, and removed articles answer 410.</summary>
public sealed class ImportSourceApiTests
{
    private static async Task<HttpClient> WriterAsync(NewsApiFactory factory)
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private static async Task WaitForRenditionAsync(NewsApiFactory factory, int id)
    {
        using var connection = factory.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"ArticleRenditions\" WHERE \"ArticleId\" = {id}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task AssertGoneAsync(HttpClient client, string url, int id, string slug)
    {
        var problem = await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(id, problem.GetProperty("articleId").GetInt32());
        Assert.Equal(slug, problem.GetProperty("slug").GetString());
        Assert.True(problem.GetProperty("removedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-10), url);
        Assert.Contains("removed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reimport_keeps_an_article_whose_file_is_gone_prune_removes_it_to_a_410_and_its_file_brings_it_back()
    {
        using var factory = new WritableNewsApiFactory();
        var client = await WriterAsync(factory);
        var id = await client.ArticleIdByTitleAsync(Fixtures.CrocodileTitle);
        var article = await client.GetJsonAsync($"/api/v1/articles/{id}");
        var slug = article.GetProperty("slug").GetString()!;
        var file = Path.Combine(factory.SourceDirectory, "001_crocodile.txt");
        var text = await File.ReadAllTextAsync(file);
        Assert.Contains(id, (await client.GetJsonAsync("/api/v1/articles?pageSize=100")).Ids()); // now in the output cache
        await WaitForRenditionAsync(factory, id); // so a stale rendition could answer, were it kept

        File.Delete(file);
        var kept = await client.ImportAsync();
        Assert.Equal(("completed", 0, 1), (kept.GetProperty("status").GetString(), kept.GetProperty("removed").GetInt32(), kept.GetProperty("missing").GetInt32()));
        Assert.Equal(id, (await client.GetJsonAsync($"/api/v1/articles/{slug}")).GetProperty("id").GetInt32());

        var pruned = await client.ImportAsync("?prune=true");
        Assert.Equal(("completed", 1, 0), (pruned.GetProperty("status").GetString(), pruned.GetProperty("removed").GetInt32(), pruned.GetProperty("missing").GetInt32()));
        foreach (var url in new[] { $"/api/v1/articles/{id}", $"/api/v1/articles/{slug}", $"/api/v1/articles/{id}/images",
            $"/api/v1/articles/{slug}/related-links", $"/api/v1/articles/{id}/backlinks" })
        {
            await AssertGoneAsync(client, url, id, slug);
        }

        Assert.DoesNotContain(id, (await client.GetJsonAsync("/api/v1/articles?pageSize=100")).Ids());
        Assert.DoesNotContain(id, (await client.GetJsonAsync("/api/v1/articles?q=crocodile&pageSize=100")).Ids());
        var latest = await client.GetJsonAsync("/api/v1/imports/latest");
        Assert.Contains(latest.GetProperty("files").EnumerateArray(),
            f => f.GetProperty("fileName").GetString() == "001_crocodile.txt" && f.GetProperty("outcome").GetString() == "removed");

        await File.WriteAllTextAsync(file, text);
        var restored = await client.ImportAsync();
        Assert.Equal(1, restored.GetProperty("imported").GetInt32());
        var back = await client.GetJsonAsync($"/api/v1/articles/{slug}");
        Assert.Equal((id, Fixtures.CrocodileTitle), (back.GetProperty("id").GetInt32(), back.GetProperty("title").GetString()));
        Assert.Contains(id, (await client.GetJsonAsync("/api/v1/articles?pageSize=100")).Ids());
    }

    [Fact]
    public async Task A_deleted_article_answers_410_not_its_stored_rendition_and_its_id_is_not_reused()
    {
        using var factory = new WritableNewsApiFactory();
        var client = await WriterAsync(factory);
        var created = await (await client.PostAsync("/api/v1/articles", new StringContent("""
            Lighthouse keeper retires after forty years

            The last keeper of the lighthouse retired on Friday.
            """, System.Text.Encoding.UTF8, "text/plain"))).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        var slug = created.GetProperty("slug").GetString()!;
        await WaitForRenditionAsync(factory, id);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/articles/{slug}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/articles/{id}")).StatusCode);

        await AssertGoneAsync(client, $"/api/v1/articles/{id}", id, slug);
        await AssertGoneAsync(client, $"/api/v1/articles/{slug}", id, slug);
        var next = await (await client.PostAsync("/api/v1/articles", new StringContent("""
            Ferry timetable changes for the winter

            The ferry will sail twice a day from November.
            """, System.Text.Encoding.UTF8, "text/plain"))).JsonAsync(HttpStatusCode.Created);
        Assert.True(next.GetProperty("id").GetInt32() > id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_start_up_import_of_a_missing_or_empty_folder_removes_nothing_and_the_api_keeps_serving(bool folderExists)
    {
        using var first = new NewsApiFactory();
        var before = (await (await first.CreateReadyClientAsync()).AllArticlesAsync()).Select(a => a.GetProperty("id").GetInt32()).ToList();
        var unmounted = Path.Combine(Path.GetTempPath(), "newsapi-tests", "unmounted-" + Guid.NewGuid().ToString("N"));
        if (folderExists)
        {
            Directory.CreateDirectory(unmounted); // a mount point with nothing mounted on it
        }

        try
        {
            using var second = new ReopenedNewsApiFactory(first.ConnectionString, unmounted);
            var client = await second.CreateReadyClientAsync();

            Assert.Equal(before, (await client.AllArticlesAsync()).Select(a => a.GetProperty("id").GetInt32()).ToList());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
            var latest = await client.GetJsonAsync("/api/v1/imports/latest");
            Assert.Equal((0, before.Count), (latest.GetProperty("removed").GetInt32(), latest.GetProperty("missing").GetInt32()));
            if (folderExists)
            {
                Assert.Equal("completed", latest.GetProperty("status").GetString());
            }
            else
            {
                Assert.Equal("incomplete", latest.GetProperty("status").GetString());
                var unreadable = Assert.Single(latest.GetProperty("files").EnumerateArray());
                Assert.Equal((".", "unreadable"), (unreadable.GetProperty("fileName").GetString(), unreadable.GetProperty("outcome").GetString()));
                Assert.Contains(second.Events, e => e.Level == LogEventLevel.Warning
                    && e.RenderMessage().Contains(unmounted, StringComparison.Ordinal)
                    && e.RenderMessage().Contains("removes nothing", StringComparison.Ordinal));
            }
        }
        finally
        {
            if (folderExists)
            {
                Directory.Delete(unmounted);
            }
        }
    }
}
