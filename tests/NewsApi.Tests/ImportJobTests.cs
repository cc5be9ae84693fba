using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Entities;
using NewsApi.Data.Import;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// POST /api/v1/imports starts a background run the host owns: 202 and its URL at once, progress and the summary at
/// that URL, one run at a time, never cancelled by the client, and marked interrupted by shutdown or a crash.
/// </summary>
// One class, run serially: the tests hold the process-wide writer lock.
[Collection(nameof(ImportJobTests))]
public sealed class ImportJobTests
{
    private static async Task<HttpClient> WriterAsync(NewsApiFactory factory)
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    [Fact]
    public async Task A_post_answers_202_with_the_run_url_whose_get_shows_the_finished_summary()
    {
        using var factory = new WritableNewsApiFactory();
        var client = await WriterAsync(factory);
        File.AppendAllText(Path.Combine(factory.SourceDirectory, "001_crocodile.txt"), "\nA closing line added for this test.\n");

        var response = await client.PostAsync("/api/v1/imports", null);
        var started = await response.JsonAsync(HttpStatusCode.Accepted);
        var id = started.GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/imports/{id}", response.Headers.Location?.ToString());
        // The body is the run as stored when the answer is written: a one-file run may already have finished.
        // That the answer never waits for the run is shown by the 409 test, whose run is held at the writer's lock.
        Assert.Contains(started.GetProperty("status").GetString(), new[] { "running", "completed" });

        var run = await client.ImportRunAsync(id);
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(1, run.GetProperty("updated").GetInt32());
        Assert.Equal(run.GetProperty("filesSeen").GetInt32(), run.GetProperty("processed").GetInt32());
        Assert.Equal(id, (await client.GetJsonAsync("/api/v1/imports/latest")).GetProperty("id").GetInt32());

        var unknown = await (await client.GetAsync("/api/v1/imports/99999")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("99999", unknown.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_post_while_one_runs_gets_409_naming_the_running_run_and_a_disconnect_cancels_nothing()
    {
        using var factory = new WritableNewsApiFactory();
        var client = await WriterAsync(factory);
        File.AppendAllText(Path.Combine(factory.SourceDirectory, "001_crocodile.txt"), "\nA closing line added for this test.\n");

        int id;
        await ArticleImporter.Gate.WaitAsync(); // an API write in progress: the run waits for it
        try
        {
            // The first client goes away as soon as it has its answer.
            using (var first = factory.CreateClient())
            {
                first.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
                id = (await (await first.PostAsync("/api/v1/imports?prune=true", null)).JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetInt32();
            }

            var second = await client.PostAsync("/api/v1/imports", null);
            var problem = await second.ProblemAsync(HttpStatusCode.Conflict);
            Assert.Equal(id, problem.GetProperty("runId").GetInt32());
            Assert.Equal($"/api/v1/imports/{id}", second.Headers.Location?.ToString());
            Assert.Equal("running", (await client.GetJsonAsync($"/api/v1/imports/{id}")).GetProperty("status").GetString());
        }
        finally
        {
            ArticleImporter.Gate.Release();
        }

        var run = await client.ImportRunAsync(id);
        Assert.Equal(("completed", 1), (run.GetProperty("status").GetString(), run.GetProperty("updated").GetInt32()));

        // Once it has finished, the next request starts a new run.
        var next = await client.ImportAsync();
        Assert.True(next.GetProperty("id").GetInt32() > id);
    }

    [Fact]
    public async Task A_pruning_import_of_a_folder_with_no_files_removes_nothing_unless_allowEmpty_says_so()
    {
        using var factory = new WritableNewsApiFactory();
        var client = await WriterAsync(factory);
        var before = (await client.AllArticlesAsync()).Count;
        Assert.True(before > 0);
        foreach (var file in Directory.GetFiles(factory.SourceDirectory, "*.txt", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        var refused = await client.ImportAsync("?prune=true");
        Assert.Equal(("incomplete", 0, before), (refused.GetProperty("status").GetString(), refused.GetProperty("removed").GetInt32(), refused.GetProperty("missing").GetInt32()));
        var reason = Assert.Single(refused.GetProperty("files").EnumerateArray());
        Assert.Equal("empty-folder", reason.GetProperty("diagnostics")[0].GetProperty("code").GetString());
        Assert.Equal(before, (await client.AllArticlesAsync()).Count);

        var emptied = await client.ImportAsync("?prune=true&allowEmpty=true");
        Assert.Equal(("completed", before), (emptied.GetProperty("status").GetString(), emptied.GetProperty("removed").GetInt32()));
        Assert.Empty(await client.AllArticlesAsync());
    }

    [Fact]
    public async Task A_run_left_running_by_a_killed_process_is_marked_interrupted_at_the_next_start()
    {
        var root = Directory.CreateTempSubdirectory("newsapi-interrupted-").FullName;
        string? database = null;
        try
        {
            database = await TestStore.NewStoreAsync(root);
            using (var first = new ReopenedNewsApiFactory(database, Path.Combine(root, "articles")))
            {
                await first.CreateReadyClientAsync();
            }

            // What a kill -9 mid-run leaves behind: a run that never finished.
            int killed;
            await using (var db = TestStore.CreateContext(database))
            {
                var left = new ImportRun { Status = "running", SourceDirectory = "/nowhere", FilesSeen = 10, Imported = 3, StartedAt = DateTimeOffset.UnixEpoch };
                db.ImportRuns.Add(left);
                await db.SaveChangesAsync();
                killed = left.Id;
            }

            using var second = new ReopenedNewsApiFactory(database, Path.Combine(root, "articles"));
            var client = await second.CreateReadyClientAsync();
            var run = await client.GetJsonAsync($"/api/v1/imports/{killed}");
            Assert.Equal(("interrupted", 3), (run.GetProperty("status").GetString(), run.GetProperty("processed").GetInt32()));
        }
        finally
        {
            if (database is not null)
            {
                await TestStore.DeleteStoreAsync(database);
            }

            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Shutdown_during_an_import_stops_it_between_batches_and_marks_it_interrupted()
    {
        var root = Directory.CreateTempSubdirectory("newsapi-shutdown-").FullName;
        string? database = null;
        try
        {
            var articles = Directory.CreateDirectory(Path.Combine(root, "articles")).FullName;
            for (var i = 0; i < 20_000; i++)
            {
                File.WriteAllText(Path.Combine(articles, $"{i:D5}.txt"), $"Harbour report number {i}\n\nBoats came in on day {i} of the season.\n");
            }

            database = await TestStore.NewStoreAsync(root);
            JsonElement during;
            using (var factory = new ReopenedNewsApiFactory(database, articles))
            {
                // The start-up import goes through the same runner as POST /imports.
                var client = factory.CreateClient();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                do
                {
                    await Task.Delay(20, timeout.Token);
                    during = await client.GetJsonAsync("/api/v1/imports/latest");
                }
                while (during.GetProperty("processed").GetInt32() == 0);

                Assert.Equal("running", during.GetProperty("status").GetString());
            } // disposing the host is what SIGTERM does: StopAsync

            await using var db = TestStore.CreateContext(database);
            var last = await db.ImportRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstAsync();
            var stored = await db.Articles.CountAsync();
            var (status, imported, finished) = (last.Status, last.Imported, last.FinishedAt is not null);
            Assert.Equal(("interrupted", true), (status, finished));
            Assert.InRange(stored, 256, 20_000 - 1);
            Assert.Equal(imported, stored); // the log counts exactly what is committed
            Assert.Equal(0, stored % 256); // whole batches only
        }
        finally
        {
            if (database is not null)
            {
                await TestStore.DeleteStoreAsync(database);
            }

            Directory.Delete(root, recursive: true);
        }
    }
}
