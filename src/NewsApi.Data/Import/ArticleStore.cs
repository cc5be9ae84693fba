using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Parsing;

namespace NewsApi.Data.Import;

/// <summary>What a write did: the article's id, or the diagnostics that kept the text from becoming an article.</summary>
public sealed record ArticleWriteResult(int? ArticleId, ParseResult Parse, Diagnostic? Rejection)
{
    public bool Succeeded => ArticleId is not null && Rejection is null;
}

/// <summary>
/// Writes single articles on behalf of the API. Each write goes to the source folder first (atomically, so the
/// folder stays the source of truth and a re-import keeps it) and then to the store in one transaction; the
/// importer's lock keeps writes and imports from interleaving.
/// </summary>
public sealed class ArticleStore(NewsDbContext db, TimeProvider clock, IStoreChangeNotifier? notifier = null)
{
    /// <summary>Parses <paramref name="text"/> and, when it is an article, stores it as a new file and article.</summary>
    public async Task<ArticleWriteResult> CreateAsync(string sourceDirectory, byte[] text, CancellationToken ct)
    {
        var parsed = ArticleParser.Parse(text, "new.txt");
        if (Rejected(parsed) is { } rejected)
        {
            return rejected;
        }

        await ArticleImporter.Gate.WaitAsync(ct);
        try
        {
            var taken = await db.Articles.AsNoTracking().Select(a => a.Slug).ToListAsync(ct);
            var slug = Slugs.Unique(parsed.Article!.Headline, new HashSet<string>(taken, StringComparer.Ordinal));
            var fileName = UniqueFileName(sourceDirectory, slug);
            var result = parsed with { Source = parsed.Source with { FileName = fileName } };
            var path = Path.Combine(sourceDirectory, fileName);
            await WriteFileAtomicallyAsync(path, text, ct);
            try
            {
                var modified = File.GetLastWriteTimeUtc(path);
                var id = Write(writer => writer.Insert(result, result.Article!, fileName, modified, slug, clock.GetUtcNow()));
                return new ArticleWriteResult(id, result, null);
            }
            catch
            {
                File.Delete(path);
                throw;
            }
        }
        finally
        {
            ArticleImporter.Gate.Release();
        }
    }

    /// <summary>Replaces article <paramref name="id"/>'s source and content, keeping its id and slug. Null when there is no such article.</summary>
    public async Task<ArticleWriteResult?> ReplaceAsync(string sourceDirectory, int id, byte[] text, CancellationToken ct)
    {
        await ArticleImporter.Gate.WaitAsync(ct);
        try
        {
            var fileName = await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => a.SourceFileName).FirstOrDefaultAsync(ct);
            if (fileName is null)
            {
                return null;
            }

            var result = ArticleParser.Parse(text, fileName);
            if (Rejected(result) is { } rejected)
            {
                return rejected;
            }

            var path = Path.Combine(sourceDirectory, fileName);
            await WriteFileAtomicallyAsync(path, text, ct);
            var modified = File.GetLastWriteTimeUtc(path);
            Write(writer =>
            {
                writer.Replace(id, result, result.Article!, fileName, modified, clock.GetUtcNow());
                return id;
            });
            return new ArticleWriteResult(id, result, null);
        }
        finally
        {
            ArticleImporter.Gate.Release();
        }
    }

    /// <summary>Deletes article <paramref name="id"/> and its source file. False when there is no such article.</summary>
    public async Task<bool> DeleteAsync(string sourceDirectory, int id, CancellationToken ct)
    {
        await ArticleImporter.Gate.WaitAsync(ct);
        try
        {
            var fileName = await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => a.SourceFileName).FirstOrDefaultAsync(ct);
            if (fileName is null)
            {
                return false;
            }

            // File first: if the process dies between the two steps, the next import removes the article too.
            File.Delete(Path.Combine(sourceDirectory, fileName));
            Write(writer =>
            {
                writer.Delete(id);
                return id;
            });
            return true;
        }
        finally
        {
            ArticleImporter.Gate.Release();
        }
    }

    private static ArticleWriteResult? Rejected(ParseResult result)
    {
        if (result.Article is not { } article)
        {
            var error = result.Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)
                ?? new Diagnostic(DiagnosticSeverity.Error, "unparseable", 0, "The text did not produce an article.");
            return new ArticleWriteResult(null, result, error);
        }

        return ArticleLimits.Check(article) is { } limit ? new ArticleWriteResult(null, result, limit) : null;
    }

    private int Write(Func<ArticleWriter, int> write)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            int id;
            using (var tx = connection.BeginTransaction())
            using (var writer = new ArticleWriter(connection, tx))
            {
                id = write(writer);
                tx.Commit();
            }

            ArticleImporter.ResolveRelatedLinks(connection);
            notifier?.Changed();
            return id;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    private static string UniqueFileName(string directory, string slug)
    {
        var name = slug + ".txt";
        for (var n = 2; File.Exists(Path.Combine(directory, name)); n++)
        {
            name = $"{slug}-{n}.txt";
        }

        return name;
    }

    private static async Task WriteFileAtomicallyAsync(string path, byte[] bytes, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temp, bytes, ct);
        File.Move(temp, path, overwrite: true);
    }
}
