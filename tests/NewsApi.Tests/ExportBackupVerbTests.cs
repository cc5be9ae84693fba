using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Cli;
using NewsApi.Data.Entities;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>The operator's <c>export &lt;folder&gt;</c> and <c>backup &lt;file&gt;</c> verbs against a running host's store.</summary>
public sealed class ExportBackupVerbTests(WritableNewsApiFactory factory) : IClassFixture<WritableNewsApiFactory>, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "newsapi-tests", "export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string Store(string database) => $"--ConnectionStrings:NewsApi=Data Source={database}";

    /// <summary>The settings that point a verb at a test store, on the suite's provider.</summary>
    private static string[] StoreSettings(string connectionString) => TestStore.IsPostgres
        ? [$"--ConnectionStrings:NewsApi={connectionString}", "--NewsApi:Provider=Postgres"]
        : [$"--ConnectionStrings:NewsApi={connectionString}"];

    private async Task<HttpClient> Writer()
    {
        var client = await factory.CreateReadyClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", WritableNewsApiFactory.Key);
        return client;
    }

    private static StringContent Text(string text) => new(text, Encoding.UTF8, "text/plain");

    /// <summary>Each article as a reader sees it: title, body blocks, images, teasers; sorted by title.</summary>
    private static async Task<List<string>> ArticlesAsync(string connectionString)
    {
        await using var db = TestStore.CreateContext(connectionString);
        var blocks = (await db.Set<BodyBlock>().AsNoTracking().ToListAsync()).ToLookup(b => b.ArticleId);
        var images = (await db.Set<Image>().AsNoTracking().ToListAsync()).ToLookup(i => i.ArticleId);
        var links = (await db.Set<RelatedLink>().AsNoTracking().ToListAsync()).ToLookup(r => r.ArticleId);
        return (await db.Articles.AsNoTracking().ToListAsync())
            .Select(a => string.Join(" | ",
                a.Title,
                string.Join(" / ", blocks[a.Id].OrderBy(b => b.Position).Select(b => $"{b.Type}:{b.Text}")),
                string.Join(" / ", images[a.Id].OrderBy(i => i.Position).Select(i => $"{i.Caption} @ {i.Credit}")),
                string.Join(" / ", links[a.Id].OrderBy(r => r.Position).Select(r => r.Title))))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The same, read by SQL on a SQLite file: the backup test reads a file no host opens.</summary>
    private static List<string> Articles(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.Title
                || ' | ' || coalesce((SELECT group_concat(b.Type || ':' || coalesce(b.Text, ''), ' / ')
                                      FROM (SELECT * FROM BodyBlocks WHERE ArticleId = a.Id ORDER BY Position) b), '')
                || ' | ' || coalesce((SELECT group_concat(i.Caption || ' @ ' || coalesce(i.Credit, ''), ' / ')
                                      FROM (SELECT * FROM Images WHERE ArticleId = a.Id ORDER BY Position) i), '')
                || ' | ' || coalesce((SELECT group_concat(r.Title, ' / ')
                                      FROM (SELECT * FROM RelatedLinks WHERE ArticleId = a.Id ORDER BY Position) r), '')
            FROM Articles a ORDER BY a.Title
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private static long Scalar(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Export_then_import_into_an_empty_store_gives_the_same_articles()
    {
        var client = await Writer();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/articles",
            Text("Lifeboat crew rescue walkers cut off by tide\n\n<em>The lifeboat (Picture: RNLI/Ann Lee)</em>\nThe lifeboat (Picture: RNLI/Ann Lee)\n\nTwo walkers were rescued.\n\nMORE: " + Fixtures.SeedTitle + "\n"))).StatusCode);
        var seed = await client.GetAsync("/api/v1/articles/" + Fixtures.SeedSlug);
        var seedId = System.Text.Json.JsonDocument.Parse(await seed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/v1/articles/{seedId}", Text("Seed rewritten before export\n\nIts one paragraph.\n"))).StatusCode);
        var folder = Path.Combine(_root, "export");
        Directory.CreateDirectory(_root);
        var copy = await TestStore.NewStoreAsync(_root);
        try
        {
            var exported = await CommandLine.RunAsync(["export", folder, .. StoreSettings(factory.ConnectionString)]);
            var imported = await CommandLine.RunAsync(["import", folder, .. StoreSettings(copy)]);

            Assert.Equal((0, 0), (exported, imported));
            Assert.Contains("lifeboat-crew-rescue-walkers-cut-off-by-tide.txt", Directory.GetFiles(folder).Select(Path.GetFileName));
            Assert.Equal(await ArticlesAsync(factory.ConnectionString), await ArticlesAsync(copy));
        }
        finally
        {
            await TestStore.DeleteStoreAsync(copy);
        }
    }

    [Fact]
    public async Task Export_refuses_a_folder_that_is_not_empty_unless_forced()
    {
        await factory.CreateReadyClientAsync();
        var folder = Path.Combine(_root, "busy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.md"), "mine");
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int refused;
        try
        {
            refused = await CommandLine.RunAsync(["export", folder, .. StoreSettings(factory.ConnectionString)]);
        }
        finally
        {
            Console.SetError(previous);
        }

        var forced = await CommandLine.RunAsync(["export", folder, "--force", .. StoreSettings(factory.ConnectionString)]);

        Assert.Equal((2, 0), (refused, forced));
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(folder, "notes.md")));
        Assert.True(File.Exists(Path.Combine(folder, Fixtures.SeedFile)));
    }

    [Fact]
    [Trait("Provider", "Sqlite")] // VACUUM INTO; on PostgreSQL backup points to pg_dump (MigrateVerbTests)
    public async Task Backup_while_writes_run_is_a_whole_database_and_never_overwrites()
    {
        var client = await Writer();
        var before = Scalar(factory.DatabasePath, "SELECT count(*) FROM Articles");
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await client.PostAsync("/api/v1/articles", Text($"Backup test article number {n}\n\nParagraph {n}.\n"));
            }
        });
        var backup = Path.Combine(_root, "backup.db");
        Directory.CreateDirectory(_root);

        // Let some writes land first, so the backup runs among them.
        while (Scalar(factory.DatabasePath, "SELECT count(*) FROM Articles") < before + 3)
        {
            await Task.Delay(10);
        }

        var exit = await CommandLine.RunAsync(["backup", backup, Store(factory.DatabasePath)]);
        await stop.CancelAsync();
        await writes;
        var after = Scalar(factory.DatabasePath, "SELECT count(*) FROM Articles");
        var again = await CommandLine.RunAsync(["backup", backup, Store(factory.DatabasePath)]);

        Assert.Equal((0, 2), (exit, again));
        using (var connection = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        var copied = Scalar(backup, "SELECT count(*) FROM Articles");
        Assert.InRange(copied, before + 3, after);
        Assert.Equal(copied, Scalar(backup, "SELECT count(*) FROM ArticleSearch"));
    }
}
