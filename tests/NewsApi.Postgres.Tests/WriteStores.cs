using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres;

namespace NewsApi.Postgres.Tests;

/// <summary>A migrated store on either provider, and what the write-path tests compare between stores.</summary>
public sealed class WriteStore : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly string? _sqliteRoot;

    private WriteStore(PostgresDatabase? postgres, string? sqliteRoot)
    {
        _postgres = postgres;
        _sqliteRoot = sqliteRoot;
    }

    public static async Task<WriteStore> PostgresAsync()
    {
        var store = new WriteStore(await PostgresDatabase.CreateAsync(), null);
        await using var db = store.CreateContext();
        await db.Database.MigrateAsync();
        return store;
    }

    /// <summary>The reference: the same model on SQLite, the default provider.</summary>
    public static async Task<WriteStore> SqliteAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "newsapi-pg-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var store = new WriteStore(null, root);
        await using var db = store.CreateContext();
        await db.Database.MigrateAsync();
        return store;
    }

    public PostgresDatabase Postgres => _postgres ?? throw new InvalidOperationException("not a PostgreSQL store");

    /// <summary>The SQLite store's connection string, as an operator configures it.</summary>
    public string SqliteConnectionString => _sqliteRoot is { } root
        ? $"Data Source={Path.Combine(root, "news.db")}"
        : throw new InvalidOperationException("not a SQLite store");

    public NewsDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        if (_postgres is { } pg)
        {
            options.UseNewsApiPostgres(pg.ConnectionString);
        }
        else
        {
            options.UseSqlite($"{SqliteConnectionString};Foreign Keys=True");
        }

        return new NewsDbContext(options.Options);
    }

    public async Task<ImportSummary> ImportAsync(string folder, bool prune = false, SemaphoreSlim? processGate = null)
    {
        await using var db = CreateContext();
        var importer = new ArticleImporter(db, NullLogger<ArticleImporter>.Instance, TimeProvider.System);
        if (processGate is not null)
        {
            importer.ProcessGate = processGate;
        }

        return await importer.ImportAsync(folder, prune: prune);
    }

    /// <summary>
    /// Every content row in a fixed order, read through EF so the same code reads both providers: ids, slugs, titles,
    /// summaries, body blocks, images, teasers with their resolved targets, source texts, tombstones and the runs' counts.
    /// Times are left out (they are the clock's); so is the import log's own run id.
    /// </summary>
    public async Task<string> DumpAsync()
    {
        await using var db = CreateContext();
        var sb = new StringBuilder();
        void Line(params object?[] values) =>
            sb.AppendJoin('|', values.Select(v => v is null ? "NULL" : Convert.ToString(v, CultureInfo.InvariantCulture))).Append('\n');

        foreach (var a in await db.Articles.AsNoTracking().OrderBy(a => a.Id).ToListAsync())
        {
            Line(a.Id, a.Slug, a.Title, a.NormalizedTitle, a.Summary, a.WordCount, a.ImageCount, a.RelatedLinkCount, a.SourceFileName, a.Sha256,
                a.SourceSize, a.SourceEncoding, a.SourceLineEndings, a.ImportedSha256, a.Byline, a.PublishedAt, a.Dateline, a.SourceUrl, a.Origin,
                string.Join(",", a.Diagnostics.Select(d => $"{d.Severity}:{d.Code}:{d.Line}:{d.Message}")));
        }

        sb.Append("--\n");
        foreach (var b in await db.Set<Data.Entities.BodyBlock>().AsNoTracking().OrderBy(b => b.ArticleId).ThenBy(b => b.Position).ToListAsync())
        {
            Line(b.ArticleId, b.Position, b.Type, b.Text, b.ImageId, b.RelatedLinkId, b.FirstLine, b.LastLine);
        }

        sb.Append("--\n");
        foreach (var i in await db.Set<Data.Entities.Image>().AsNoTracking().OrderBy(i => i.Id).ToListAsync())
        {
            Line(i.Id, i.ArticleId, i.Position, i.Caption, i.Credit, i.CreditAgency, i.CreditPhotographer, i.FirstLine, i.LastLine);
        }

        sb.Append("--\n");
        foreach (var r in await db.Set<Data.Entities.RelatedLink>().AsNoTracking().OrderBy(r => r.Id).ToListAsync())
        {
            Line(r.Id, r.ArticleId, r.Position, r.Title, r.NormalizedTitle, r.Marker, r.TargetArticleId, r.FirstLine, r.LastLine);
        }

        sb.Append("--\n");
        foreach (var s in await db.Set<Data.Entities.ArticleSource>().AsNoTracking().OrderBy(s => s.ArticleId).ToListAsync())
        {
            Line(s.ArticleId, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(s.Text)));
        }

        sb.Append("--\n");
        foreach (var t in await db.ArticleTombstones.AsNoTracking().OrderBy(t => t.ArticleId).ToListAsync())
        {
            Line(t.ArticleId, t.Slug, t.SourceFileName, t.Reason, t.ImportedSha256);
        }

        sb.Append("--\n");
        foreach (var run in await db.ImportRuns.AsNoTracking().Include(r => r.Files).OrderBy(r => r.Id).ToListAsync())
        {
            Line(run.Status, run.FilesSeen, run.Imported, run.Updated, run.Unchanged, run.Removed, run.Skipped, run.Missing);
            foreach (var f in run.Files.OrderBy(f => f.Id))
            {
                Line(" ", f.FileName, f.Outcome, f.ArticleId, string.Join(",", f.Diagnostics.Select(d => $"{d.Severity}:{d.Code}:{d.Line}")));
            }
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_sqliteRoot is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_sqliteRoot, recursive: true);
        }
    }
}

/// <summary>A source folder in a temporary directory.</summary>
public sealed class SourceDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "newsapi-pg-sources", Guid.NewGuid().ToString("N"));

    public SourceDir() => Directory.CreateDirectory(Path);

    public void Write(string file, string text)
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
    }

    public void Delete(string file) => File.Delete(System.IO.Path.Combine(Path, file));

    /// <summary>Copies a folder of the repository (with its subfolders) under <paramref name="under"/>.</summary>
    public void CopyFromRepo(string relative, string under)
    {
        var from = System.IO.Path.Combine(RepoRoot(), relative);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var to = System.IO.Path.Combine(Path, under, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    /// <summary>An article with a headline, paragraphs, an image with a credit, and teasers naming other headlines.</summary>
    public static string Article(string headline, params string[] teasers)
    {
        var sb = new StringBuilder();
        sb.Append(headline).Append("\n\n").Append("The first paragraph of ").Append(headline).Append(".\n\n");
        sb.Append("<em>A harbour at dawn (Picture: Jane Doe/Reuters)</em>\nA harbour at dawn (Picture: Jane Doe/Reuters)\n\n");
        sb.Append("A second paragraph.\n\n");
        foreach (var teaser in teasers)
        {
            sb.Append("MORE: ").Append(teaser).Append('\n');
        }

        sb.Append("\nThe last paragraph.\n");
        return sb.ToString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "NewsApi.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("NewsApi.sln not found above " + AppContext.BaseDirectory);
    }
}
