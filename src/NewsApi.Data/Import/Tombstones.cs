using System.Data.Common;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Import;

/// <summary>The tombstones of removed articles, looked up by source file name and by slug while an import runs.</summary>
internal sealed class Tombstones
{
    private readonly Dictionary<string, ArticleTombstone> _byFile = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArticleTombstone> _bySlug = new(StringComparer.Ordinal);

    /// <summary>The reserved slugs: no new article may take one.</summary>
    public IEnumerable<string> Slugs => _bySlug.Keys;

    /// <param name="command">The provider's <see cref="StoreDialect.AllTombstones"/>: oldest first, so when a file name
    /// was used by two removed articles the later removal wins.</param>
    public static Tombstones Load(DbCommand command)
    {
        var tombstones = new Tombstones();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var tombstone = new ArticleTombstone
            {
                ArticleId = reader.GetInt32(0),
                Slug = reader.GetString(1),
                SourceFileName = reader.GetString(2),
                RemovedAt = new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero),
                Reason = reader.GetString(4),
                ImportedSha256 = reader.IsDBNull(5) ? null : reader.GetString(5),
                FirstSeenAt = reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero),
            };
            tombstones._byFile[tombstone.SourceFileName] = tombstone;
            tombstones._bySlug[tombstone.Slug] = tombstone;
        }

        return tombstones;
    }

    /// <summary>
    /// True when <paramref name="fileName"/> belongs to an article deleted through the API and still holds the bytes
    /// last imported from it: the delete is the newer write, so the file does not bring the article back.
    /// </summary>
    public bool DeletedSince(string fileName, string sha256) =>
        _byFile.TryGetValue(fileName, out var tombstone) && tombstone.Reason == "deleted" && tombstone.ImportedSha256 == sha256;

    /// <summary>
    /// The removed article a new file brings back: the one that came from the same file, else the one whose slug is
    /// the new headline's. It is taken out of the index, so it comes back once.
    /// </summary>
    public ArticleTombstone? Take(string fileName, string headlineSlug)
    {
        if (!_byFile.TryGetValue(fileName, out var tombstone) && !_bySlug.TryGetValue(headlineSlug, out tombstone))
        {
            return null;
        }

        _bySlug.Remove(tombstone.Slug);
        if (_byFile.TryGetValue(tombstone.SourceFileName, out var sameFile) && sameFile.ArticleId == tombstone.ArticleId)
        {
            _byFile.Remove(tombstone.SourceFileName);
        }

        return tombstone;
    }
}
