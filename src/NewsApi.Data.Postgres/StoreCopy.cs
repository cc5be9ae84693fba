using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using NewsApi.Data.Postgres.Import;
using NewsApi.Data.Postgres.Search;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres;

/// <summary>How many rows of one table a copy wrote.</summary>
public sealed record CopiedTable(string Table, long Rows);

/// <summary>Why a copy wrote nothing, in words for a one-line message.</summary>
public sealed class StoreCopyException(string message) : Exception(message);

/// <summary>
/// Moves a SQLite store to PostgreSQL row for row, ids included: an article keeps its id, its slug and its URLs, a
/// removed one stays removed (its tombstone is copied, so its id is never given again), and an unchanged folder
/// imported afterwards finds every file unchanged. <c>export</c> then <c>import</c> would give new ids in file order.
/// </summary>
/// <remarks>
/// One transaction on each side: the source is read in one snapshot (a read transaction, which SQLite's WAL lets run
/// beside a server's writes) and the target is written under the writers' advisory lock, so no node imports or writes
/// while it runs and a failure leaves the target as empty as it was. Rows go by binary <c>COPY</c>. The search index
/// is built from the copied texts as the PostgreSQL writer builds it; renditions are not copied, since they are
/// derived and each node renders what is missing.
/// </remarks>
public static class StoreCopy
{
    /// <summary>The tables copied, in an order that satisfies their foreign keys.</summary>
    public static readonly IReadOnlyList<string> Tables =
    [
        "ImportRuns", "ImportFileResults", "Articles", "ArticleSources", "ArticleTombstones", "Images", "RelatedLinks", "BodyBlocks",
        "IdempotencyRecords",
    ];

    /// <summary>The tables of the shared model left out on purpose: what a node derives again from the copied rows.</summary>
    public static readonly IReadOnlyList<string> Derived = ["ArticleRenditions"];

    /// <summary>
    /// Copies every row of <paramref name="source"/> (SQLite) into <paramref name="target"/> (PostgreSQL, migrated and
    /// empty: no article, tombstone or import run), and returns the rows written per table, the search index's last.
    /// </summary>
    /// <exception cref="StoreCopyException">The target is not empty, or a count differs after the copy (nothing is kept).</exception>
    public static async Task<IReadOnlyList<CopiedTable>> CopyAsync(NewsDbContext source, NewsDbContext target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var uncovered = source.Model.GetRelationalModel().Tables.Select(t => t.Name).Except(Tables).Except(Derived).ToList();
        if (uncovered.Count > 0)
        {
            // A table added to the model must be copied or named as derived: a move must never drop data silently.
            throw new InvalidOperationException($"StoreCopy does not know the table(s) {string.Join(", ", uncovered)}.");
        }

        await source.Database.OpenConnectionAsync(ct);
        await target.Database.OpenConnectionAsync(ct);
        try
        {
            var from = source.Database.GetDbConnection();
            var to = (NpgsqlConnection)target.Database.GetDbConnection();
            await using var read = await from.BeginTransactionAsync(ct);
            await using var write = await to.BeginTransactionAsync(ct);
            await ExecuteAsync(to, "SELECT pg_advisory_xact_lock(@key)", ct, new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = PostgresDialect.WriterLockKey });
            if (await ScalarAsync(to, """SELECT (SELECT count(*) FROM "Articles") + (SELECT count(*) FROM "ArticleTombstones") + (SELECT count(*) FROM "ImportRuns")""", ct) > 0)
            {
                throw new StoreCopyException("the target store is not empty (it has articles, removed articles or import runs); copy into a new database");
            }

            var copied = new List<CopiedTable>();
            var tables = target.Model.GetRelationalModel();
            foreach (var name in Tables)
            {
                var table = tables.FindTable(name, schema: null) ?? throw new InvalidOperationException($"The PostgreSQL model has no table {name}.");
                var rows = await CopyTableAsync(from, read, to, table, ct);
                var expected = await ScalarAsync(from, read, $"SELECT count(*) FROM {Quote(name)}", ct);
                var written = await ScalarAsync(to, $"SELECT count(*) FROM {Quote(name)}", ct);
                if (rows != expected || written != expected)
                {
                    throw new StoreCopyException($"{name}: the source has {expected} rows, {rows} were read and the target holds {written}; nothing was copied");
                }

                copied.Add(new CopiedTable(name, rows));
            }

            await KeepHighWaterAsync(from, read, to, ct);
            await ContinueIdentitiesAsync(to, tables, ct);
            copied.Add(new CopiedTable("ArticleSearchVectors", await IndexArticlesAsync(to, ct)));
            copied.Add(new CopiedTable("ImageSearchVectors", await IndexImagesAsync(to, ct)));
            await write.CommitAsync(ct);
            return copied;
        }
        finally
        {
            await target.Database.CloseConnectionAsync();
            await source.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> CopyTableAsync(DbConnection from, DbTransaction read, NpgsqlConnection to, ITable table, CancellationToken ct)
    {
        var columns = table.Columns.ToList();
        var types = columns.Select(c => TypeOf(table.Name, c)).ToList();
        var list = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var key = string.Join(", ", table.PrimaryKey!.Columns.Select(c => Quote(c.Name)));
        await using var select = from.CreateCommand();
        select.Transaction = read;
        select.CommandText = $"SELECT {list} FROM {Quote(table.Name)} ORDER BY {key}";
        await using var reader = await select.ExecuteReaderAsync(ct);
        await using var copy = await to.BeginBinaryImportAsync($"COPY {Quote(table.Name)} ({list}) FROM STDIN (FORMAT BINARY)", ct);
        long rows = 0;
        while (await reader.ReadAsync(ct))
        {
            await copy.StartRowAsync(ct);
            for (var i = 0; i < columns.Count; i++)
            {
                if (await reader.IsDBNullAsync(i, ct))
                {
                    await copy.WriteNullAsync(ct);
                    continue;
                }

                var value = reader.GetValue(i);
                switch (types[i])
                {
                    case NpgsqlDbType.Integer:
                        await copy.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, ct);
                        break;
                    case NpgsqlDbType.Bigint:
                        await copy.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, ct);
                        break;
                    case NpgsqlDbType.Bytea:
                        await copy.WriteAsync((byte[])value, NpgsqlDbType.Bytea, ct);
                        break;
                    default:
                        await copy.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, types[i], ct);
                        break;
                }
            }

            rows++;
        }

        await copy.CompleteAsync(ct);
        return rows;
    }

    private static NpgsqlDbType TypeOf(string table, IColumn column)
    {
        var type = column.StoreType;
        return type switch
        {
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "bytea" => NpgsqlDbType.Bytea,
            "text" => NpgsqlDbType.Text,
            _ when type.StartsWith("character varying", StringComparison.Ordinal) => NpgsqlDbType.Varchar,
            _ when type.StartsWith("character", StringComparison.Ordinal) => NpgsqlDbType.Char,
            _ => throw new NotSupportedException($"StoreCopy cannot copy {table}.{column.Name} of type {type}."),
        };
    }

    /// <summary>
    /// The highest image and teaser ids SQLite ever gave (<c>sqlite_sequence</c>, which AUTOINCREMENT keeps past
    /// deletes), so the PostgreSQL writer never gives a removed one again. Article ids need nothing: tombstones keep them.
    /// </summary>
    private static async Task KeepHighWaterAsync(DbConnection from, DbTransaction read, NpgsqlConnection to, CancellationToken ct)
    {
        var seen = new List<(string Name, long LastId)>();
        await using (var command = from.CreateCommand())
        {
            command.Transaction = read;
            command.CommandText = "SELECT name, seq FROM sqlite_sequence WHERE name IN ('Images', 'RelatedLinks')";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                seen.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }

        foreach (var (name, lastId) in seen)
        {
            await ExecuteAsync(to, """
                INSERT INTO "IdHighWater" ("Name", "LastId") VALUES (@name, @last)
                ON CONFLICT ("Name") DO UPDATE SET "LastId" = greatest("IdHighWater"."LastId", excluded."LastId")
                """, ct, new NpgsqlParameter("name", NpgsqlDbType.Varchar) { Value = name }, new NpgsqlParameter("last", NpgsqlDbType.Integer) { Value = (int)lastId });
        }
    }

    /// <summary>Moves every identity past the copied ids, for the tables whose ids the database still gives (import runs, records).</summary>
    private static async Task ContinueIdentitiesAsync(NpgsqlConnection to, IRelationalModel model, CancellationToken ct)
    {
        foreach (var name in Tables)
        {
            var key = model.FindTable(name, null)!.PrimaryKey!.Columns;
            if (key.Count != 1 || key[0].StoreType is not ("integer" or "bigint"))
            {
                continue;
            }

            await ExecuteAsync(to, $"""
                SELECT setval(s, m, true) FROM (SELECT pg_get_serial_sequence(@table, @column) AS s, max({Quote(key[0].Name)}) AS m FROM {Quote(name)}) AS x
                WHERE s IS NOT NULL AND m IS NOT NULL
                """, ct, new NpgsqlParameter("table", Quote(name)), new NpgsqlParameter("column", key[0].Name));
        }
    }

    /// <summary>Each article's search vector from its copied title, captions and paragraphs, as the writer builds it.</summary>
    private static async Task<long> IndexArticlesAsync(NpgsqlConnection to, CancellationToken ct)
    {
        var articles = new Dictionary<int, (string Title, List<string> Captions, List<string> Paragraphs)>();
        await using (var command = new NpgsqlCommand("""SELECT "Id", "Title" FROM "Articles" """, to))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                articles[reader.GetInt32(0)] = (reader.GetString(1), [], []);
            }
        }

        // The writer's order: captions in image order, paragraphs in block order.
        await using (var command = new NpgsqlCommand("""SELECT "ArticleId", "Caption" FROM "Images" ORDER BY "ArticleId", "Position" """, to))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                articles[reader.GetInt32(0)].Captions.Add(reader.GetString(1));
            }
        }

        await using (var command = new NpgsqlCommand("""SELECT "ArticleId", "Text" FROM "BodyBlocks" WHERE "Type" = 'Paragraph' ORDER BY "ArticleId", "Position" """, to))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                articles[reader.GetInt32(0)].Paragraphs.Add(reader.GetString(1));
            }
        }

        return await WriteVectorsAsync(to, "ArticleSearchVectors", "ArticleId",
            articles.Select(a => (a.Key, TsVectors.ForArticle(a.Value.Title, a.Value.Captions, a.Value.Paragraphs))), ct);
    }

    private static async Task<long> IndexImagesAsync(NpgsqlConnection to, CancellationToken ct)
    {
        var images = new List<(int, string)>();
        await using (var command = new NpgsqlCommand("""SELECT "Id", "Caption", "Credit" FROM "Images" """, to))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                images.Add((reader.GetInt32(0), TsVectors.ForImage(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2))));
            }
        }

        return await WriteVectorsAsync(to, "ImageSearchVectors", "ImageId", images, ct);
    }

    // A tsvector has no binary form Npgsql builds from text, so the text forms go through a staging table and one cast.
    private static async Task<long> WriteVectorsAsync(NpgsqlConnection to, string table, string key, IEnumerable<(int Id, string Vector)> vectors, CancellationToken ct)
    {
        await ExecuteAsync(to, "CREATE TEMP TABLE newsapi_copy_vectors (id integer PRIMARY KEY, vector text NOT NULL) ON COMMIT DROP", ct);
        await using (var copy = await to.BeginBinaryImportAsync("COPY newsapi_copy_vectors (id, vector) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, vector) in vectors)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(vector, NpgsqlDbType.Text, ct);
            }

            await copy.CompleteAsync(ct);
        }

        var rows = await ExecuteAsync(to, $"""INSERT INTO {Quote(table)} ({Quote(key)}, "Vector") SELECT id, vector::tsvector FROM newsapi_copy_vectors""", ct);
        await ExecuteAsync(to, "DROP TABLE newsapi_copy_vectors", ct);
        return rows;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static async Task<long> ScalarAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }
}
