using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Data.Entities;
using NewsApi.Parsing;

namespace NewsApi.Data.Import;

/// <summary>
/// The write path's provider seam: every statement the importer and <see cref="ArticleStore"/> send, per provider.
/// The importer's and the store's decisions (what is new, changed, restored, pruned, which slug, which precondition)
/// stay provider-neutral C#; only the SQL and the locking live here. SQLite is <see cref="SqliteDialect"/>; PostgreSQL
/// registers its own through <see cref="StoreDialectExtension"/> (NewsApi.Data.Postgres), so this assembly never
/// references Npgsql. No SQL string is shared between the two.
/// </summary>
internal abstract class StoreDialect
{
    /// <summary>The dialect of <paramref name="db"/>'s provider: the one its options registered, else SQLite's.</summary>
    public static StoreDialect For(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<StoreDialectExtension>()?.Dialect ?? SqliteDialect.Instance;

    /// <summary>
    /// Called on the import's connection before a run writes anything, after the process's <see cref="ArticleImporter.Gate"/>:
    /// tuning for a bulk write, and the lock that keeps other processes' writers out for the run.
    /// </summary>
    public abstract void BeginImport(DbConnection connection);

    /// <summary>Undoes <see cref="BeginImport"/> before the connection goes back to the pool; must not throw on a broken connection's account only.</summary>
    public abstract void EndImport(DbConnection connection);

    /// <summary>Takes the writers' lock for an API write inside <paramref name="transaction"/>, released at its end.</summary>
    public abstract Task LockWriteAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct);

    /// <summary>A writer of articles on this connection and transaction.</summary>
    public abstract IArticleWriter CreateWriter(DbConnection connection, DbTransaction transaction);

    /// <summary>
    /// A writer for an import batch of up to a few hundred articles: it may hold its writes back until
    /// <see cref="IArticleWriter.Flush"/> and send them as a set. The default is <see cref="CreateWriter"/>.
    /// </summary>
    public virtual IArticleWriter CreateImportWriter(DbConnection connection, DbTransaction transaction) => CreateWriter(connection, transaction);

    /// <summary>
    /// Every article's <c>Id, SourceFileName, ImportedSha256, Slug, SourceSize, SourceModifiedAt, Origin, HasSource</c>
    /// (in that order; HasSource a boolean).
    /// </summary>
    public abstract DbCommand ExistingArticles(DbConnection connection);

    /// <summary>
    /// Every tombstone's <c>ArticleId, Slug, SourceFileName, RemovedAt, Reason, ImportedSha256, FirstSeenAt</c>, oldest
    /// removal first.
    /// </summary>
    public abstract DbCommand AllTombstones(DbConnection connection);

    /// <summary>
    /// Points every teaser at the article whose normalised title matches, or at nothing, and forgets the renditions of
    /// the articles whose teasers changed target; returns how many articles had a teaser change target. The lowest id
    /// wins when two articles share a title; a teaser never points at its own article. With a null
    /// <paramref name="transaction"/> it runs in its own.
    /// </summary>
    public abstract int ResolveRelatedLinks(DbConnection connection, DbTransaction? transaction);

    /// <summary>Logs a new run as <c>running</c>; returns its id.</summary>
    public abstract int StartRun(DbConnection connection, string directory, long nowTicks);

    /// <summary>Sets how many files the run saw.</summary>
    public abstract void SetTotal(DbConnection connection, int runId, int files);

    /// <summary>Ends a run still <c>running</c> with <paramref name="status"/>.</summary>
    public abstract void EndRun(DbConnection connection, int runId, string status, long nowTicks);

    /// <summary>The run's counts, in the batch's transaction.</summary>
    public abstract void UpdateRunCounts(DbConnection connection, DbTransaction transaction, int runId, int imported, int updated, int unchanged, int skipped);

    /// <summary>Writes the run's per-file results and its final summary in one transaction.</summary>
    public abstract void FinishRun(DbConnection connection, ImportSummary summary, IEnumerable<ImportFileRow> fileResults, long nowTicks);
}

/// <summary>One file's line of the import log.</summary>
internal sealed record ImportFileRow(string File, string Outcome, int? ArticleId, string DiagnosticsJson);

/// <summary>Writes parsed articles on one connection and transaction (one per import batch or API write).</summary>
internal interface IArticleWriter : IDisposable
{
    /// <summary>Inserts a new article from <paramref name="text"/>; returns its id.</summary>
    int Insert(ParseResult result, ParsedArticle article, byte[] text, string fileName, DateTime modifiedUtc, string slug, DateTimeOffset now,
        string origin = ArticleOrigins.Import);

    /// <summary>Brings a removed article back under its old id and slug with new content; its tombstone goes.</summary>
    void Restore(ArticleTombstone tombstone, ParseResult result, ParsedArticle article, byte[] text, string fileName, DateTime modifiedUtc,
        DateTimeOffset now, string origin = ArticleOrigins.Import);

    /// <summary>
    /// Replaces an article's content in place, keeping its id and slug. <paramref name="fromFile"/>: the text was
    /// read from the article's file, so it becomes the file's last imported content; an API write leaves that as it was.
    /// </summary>
    void Replace(int id, ParseResult result, ParsedArticle article, byte[] text, string fileName, DateTime modifiedUtc, DateTimeOffset now,
        bool fromFile);

    /// <summary>Keeps <paramref name="text"/> as the article's source text.</summary>
    void StoreSource(int id, byte[] text);

    /// <summary>Records a new last-write time for a file whose content did not change.</summary>
    void Touch(int id, DateTime modifiedUtc);

    /// <summary>
    /// Removes an article and leaves its tombstone (<paramref name="reason"/>: <c>deleted</c> or <c>pruned</c>); its
    /// body, images, links and rendition cascade, and teasers naming it become unresolved.
    /// </summary>
    void Remove(int id, DateTimeOffset now, string reason);

    /// <summary>Sends every write held back; the caller calls it before it commits. A writer that holds nothing back does nothing.</summary>
    void Flush();
}

/// <summary>
/// A writer that gets an article as rows (<see cref="ArticleRow"/>), for a provider that should not know the parser's
/// types: it turns the parse into the same values SQLite's writer binds.
/// </summary>
internal abstract class RowArticleWriter : IArticleWriter
{
    public int Insert(ParseResult result, ParsedArticle article, byte[] text, string fileName, DateTime modifiedUtc, string slug, DateTimeOffset now,
        string origin = ArticleOrigins.Import) =>
        InsertRow(ArticleRow.From(result, article, fileName, modifiedUtc, now), text, slug, origin,
            origin == ArticleOrigins.Import ? result.Source.Sha256 : null, now.UtcTicks);

    public void Restore(ArticleTombstone tombstone, ParseResult result, ParsedArticle article, byte[] text, string fileName, DateTime modifiedUtc,
        DateTimeOffset now, string origin = ArticleOrigins.Import) =>
        RestoreRow(tombstone, ArticleRow.From(result, article, fileName, modifiedUtc, now), text, origin,
            origin == ArticleOrigins.Import ? result.Source.Sha256 : null, (tombstone.FirstSeenAt ?? now).UtcTicks);

    public void Replace(int id, ParseResult result, ParsedArticle article, byte[] text, string fileName, DateTime modifiedUtc, DateTimeOffset now,
        bool fromFile) =>
        ReplaceRow(id, ArticleRow.From(result, article, fileName, modifiedUtc, now), text, fromFile ? result.Source.Sha256 : null);

    public abstract void StoreSource(int id, byte[] text);

    public abstract void Touch(int id, DateTime modifiedUtc);

    public abstract void Remove(int id, DateTimeOffset now, string reason);

    public virtual void Flush()
    {
    }

    public virtual void Dispose()
    {
    }

    /// <summary>Inserts a new article; returns its id. <paramref name="importedSha256"/>: null for an API write.</summary>
    protected abstract int InsertRow(ArticleRow row, byte[] text, string slug, string origin, string? importedSha256, long firstSeenTicks);

    /// <summary>Brings a removed article back under its old id and slug; its tombstone goes.</summary>
    protected abstract void RestoreRow(ArticleTombstone tombstone, ArticleRow row, byte[] text, string origin, string? importedSha256, long firstSeenTicks);

    /// <summary>Replaces an article's content in place; a null <paramref name="importedSha256"/> keeps the stored one.</summary>
    protected abstract void ReplaceRow(int id, ArticleRow row, byte[] text, string? importedSha256);
}

/// <summary>One article's column values, as SQLite's writer binds them, and its body in order.</summary>
internal sealed record ArticleRow(string Title, string NormalizedTitle, string Summary, int WordCount, int ImageCount, int RelatedLinkCount,
    string FileName, string Sha256, long Size, string Encoding, string LineEndings, long ModifiedTicks, long NowTicks, string DiagnosticsJson,
    string? Byline, long? PublishedTicks, string? Dateline, string? SourceUrl, IReadOnlyList<BlockRow> Blocks)
{
    public static ArticleRow From(ParseResult result, ParsedArticle article, string fileName, DateTime modifiedUtc, DateTimeOffset now)
    {
        var paragraphs = article.Paragraphs.ToList();
        var blocks = new List<BlockRow>();
        foreach (var block in article.Blocks)
        {
            BlockRow? row = block switch
            {
                ImageBlock image => new ImageRow(image.Caption, image.Credit?.Raw, image.Credit?.Agency, image.Credit?.Photographer),
                RelatedLinkBlock link => new LinkRow(link.Headline, HeadlineNormalizer.Normalize(link.Headline), link.Marker),
                ParagraphBlock paragraph => new ParagraphRow(paragraph.Text),
                _ => null,
            };
            if (row is not null)
            {
                row.FirstLine = block.Lines.First;
                row.LastLine = block.Lines.Last;
                blocks.Add(row);
            }
        }

        return new ArticleRow(article.Headline, HeadlineNormalizer.Normalize(article.Headline), paragraphs.Count > 0 ? paragraphs[0].Text : string.Empty,
            paragraphs.Sum(x => ArticleRows.CountWords(x.Text)), article.Images.Count(), article.RelatedLinks.Count(), fileName,
            result.Source.Sha256, result.Source.Size, result.Source.Encoding, result.Source.LineEndings, modifiedUtc.Ticks, now.UtcTicks,
            Configurations.DiagnosticsJson.Serialize(ArticleRows.ToEntities(result.Diagnostics)), article.Byline, article.PublishedAt?.UtcTicks, article.Dateline,
            article.SourceUrl, blocks);
    }
}

/// <summary>A body block: an image, a teaser or a paragraph, with its lines in the source.</summary>
internal abstract record BlockRow
{
    public int FirstLine { get; set; }

    public int LastLine { get; set; }
}

internal sealed record ImageRow(string Caption, string? Credit, string? CreditAgency, string? CreditPhotographer) : BlockRow;

internal sealed record LinkRow(string Title, string NormalizedTitle, string Marker) : BlockRow;

internal sealed record ParagraphRow(string Text) : BlockRow;

/// <summary>What both providers' writers compute the same way from a parsed article.</summary>
internal static class ArticleRows
{
    internal static List<ArticleDiagnostic> ToEntities(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => new ArticleDiagnostic
        {
            Severity = d.Severity.ToString().ToLowerInvariant(),
            Code = d.Code,
            Line = d.Line,
            Message = d.Message,
        }).ToList();

    internal static int CountWords(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var letter = !char.IsWhiteSpace(c);
            if (letter && !inWord)
            {
                count++;
            }

            inWord = letter;
        }

        return count;
    }
}

/// <summary>
/// Carries a provider's <see cref="StoreDialect"/> in the context's options, so the dialect follows the provider the
/// context was configured with (NewsApi.Data.Postgres adds it in <c>UseNewsApiPostgres</c>).
/// </summary>
internal sealed class StoreDialectExtension(StoreDialect dialect) : IDbContextOptionsExtension
{
    public StoreDialect Dialect { get; } = dialect;

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(IDbContextOptionsExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => "StoreDialect ";

        public override int GetServiceProviderHashCode() => ((StoreDialectExtension)Extension).Dialect.GetType().GetHashCode();

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) =>
            other is ExtensionInfo o && ((StoreDialectExtension)o.Extension).Dialect.GetType() == ((StoreDialectExtension)Extension).Dialect.GetType();

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["NewsApi:StoreDialect"] = ((StoreDialectExtension)Extension).Dialect.GetType().Name;
    }
}
