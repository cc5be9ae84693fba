using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data.Import;

namespace NewsApi.Data.Tests;

/// <summary>A migrated SQLite file and a source folder in a temporary directory.</summary>
public sealed class TempStore : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "newsapi-data-tests", Guid.NewGuid().ToString("N"));

    public TempStore()
    {
        Directory.CreateDirectory(Source);
        using var db = CreateContext();
        db.Database.Migrate();
    }

    public string Source => Path.Combine(_root, "articles");
    public string DatabasePath => Path.Combine(_root, "news.db");
    public string ConnectionString => $"Data Source={DatabasePath};Foreign Keys=True";

    public NewsDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<NewsDbContext>().UseSqlite(ConnectionString).Options);

    public void Write(string file, string text) =>
        File.WriteAllText(Path.Combine(Source, file), text, new UTF8Encoding(false));

    public void WriteBytes(string file, byte[] bytes) => File.WriteAllBytes(Path.Combine(Source, file), bytes);

    public void Delete(string file) => File.Delete(Path.Combine(Source, file));

    public async Task<ImportSummary> ImportAsync(bool prune = false, Func<DirectoryInfo, IEnumerable<FileSystemInfo>>? enumerateFolder = null, bool allowEmpty = false)
    {
        await using var db = CreateContext();
        var importer = new ArticleImporter(db, NullLogger<ArticleImporter>.Instance, TimeProvider.System);
        if (enumerateFolder is not null)
        {
            importer.EnumerateFolder = enumerateFolder;
        }

        return await importer.ImportAsync(Source, prune: prune, allowEmpty: allowEmpty);
    }

    /// <summary>Every content row in a fixed order, without times: two stores with equal dumps hold the same articles.</summary>
    public string Dump()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        var sb = new StringBuilder();
        foreach (var sql in new[]
        {
            "SELECT Id, Slug, Title, NormalizedTitle, Summary, WordCount, ImageCount, RelatedLinkCount, SourceFileName, Sha256, SourceSize, SourceEncoding, SourceLineEndings, DiagnosticsJson FROM Articles ORDER BY Id",
            "SELECT * FROM BodyBlocks ORDER BY ArticleId, Position",
            "SELECT * FROM Images ORDER BY Id",
            "SELECT * FROM RelatedLinks ORDER BY Id",
            "SELECT rowid, Title, Body, Captions FROM ArticleSearch ORDER BY rowid",
            "SELECT rowid, Caption, Credit FROM ImageSearch ORDER BY rowid",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    sb.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                sb.Append('\n');
            }

            sb.Append("--\n");
        }

        return sb.ToString();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Articles
{
    public static string Make(string headline, string body = "A paragraph of text.", params string[] teasers)
    {
        var sb = new StringBuilder();
        sb.Append(headline).Append("\n\n").Append(body).Append("\n\n");
        foreach (var teaser in teasers)
        {
            sb.Append("MORE: ").Append(teaser).Append('\n');
        }

        sb.Append("\nThe last paragraph.\n");
        return sb.ToString();
    }
}
