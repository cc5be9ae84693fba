using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Entities;
using NewsApi.Parsing;

namespace NewsApi.Data.Import;

/// <summary>What a write did: the article's id, or the diagnostics that kept the text from becoming an article.</summary>
public sealed record ArticleWriteResult(int? ArticleId, ParseResult Parse, Diagnostic? Rejection)
{
    public bool Succeeded => ArticleId is not null && Rejection is null;
}

/// <summary>
/// Writes single articles on behalf of the API. Each write goes to the source folder first (atomically, so a
/// re-import of the folder keeps it) and then to the store, the system of record, in one transaction; the
/// importer's lock keeps writes and imports from interleaving. Articles created here are marked as the API's, so
/// a pruning import never removes them.
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
            // A headline whose slug belongs to a removed article brings that article back under its old id and slug;
            // any other new article gets a slug no live or removed article has.
            var headlineSlug = Slugs.FromHeadline(parsed.Article!.Headline);
            var tombstone = await db.ArticleTombstones.AsNoTracking().FirstOrDefaultAsync(t => t.Slug == headlineSlug, ct);
            var taken = await db.Articles.AsNoTracking().Select(a => a.Slug)
                .Concat(db.ArticleTombstones.AsNoTracking().Select(t => t.Slug)).ToListAsync(ct);
            var slug = tombstone?.Slug ?? Slugs.Unique(parsed.Article!.Headline, new HashSet<string>(taken, StringComparer.Ordinal));
            var fileName = UniqueFileName(sourceDirectory, slug);
            var result = parsed with { Source = parsed.Source with { FileName = fileName } };
            var path = Path.Combine(sourceDirectory, fileName);
            await WriteFileAtomicallyAsync(path, text, ct);
            try
            {
                var modified = File.GetLastWriteTimeUtc(path);
                var id = Write(writer =>
                {
                    if (tombstone is null)
                    {
                        return writer.Insert(result, result.Article!, fileName, modified, slug, clock.GetUtcNow(), ArticleOrigins.Api);
                    }

                    writer.Restore(tombstone, result, result.Article!, fileName, modified, clock.GetUtcNow(), ArticleOrigins.Api);
                    return tombstone.ArticleId;
                });
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

    /// <summary>
    /// Deletes article <paramref name="id"/> and its source file, leaving a tombstone (its id and slug answer 410 and
    /// are never reused). False when there is no such article.
    /// </summary>
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

            // File first: if the process died after removing the rows, the next import would find the file and bring
            // the article back. Dying between the steps leaves the article served until a pruning import or a new DELETE.
            File.Delete(Path.Combine(sourceDirectory, fileName));
            Write(writer =>
            {
                writer.Remove(id, clock.GetUtcNow(), "deleted");
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
