using System.Data.Common;
using NewsApi.Data.Search;
using Npgsql;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres.Search;

/// <summary>One match of an article search: the article's id and its <c>ts_rank_cd</c> score (higher is better).</summary>
public sealed record RankedArticle(int Id, double Score);

/// <summary>One page of ranked matches, and how many articles match in all (before any cursor).</summary>
public sealed record RankedPage(IReadOnlyList<RankedArticle> Items, int Total);

/// <summary>
/// Article and image search on PostgreSQL, over the <c>tsvector</c>s of <see cref="TsVectors"/>, with the
/// <c>tsquery</c> of <see cref="TsQueries"/> as a typed parameter: the same matches as FTS5 for the same
/// <see cref="SearchQuery"/>. The host passes its connection as a <see cref="DbConnection"/> and never names an Npgsql type.
/// </summary>
public static class PostgresSearch
{
    /// <summary>
    /// The matching articles by relevance (score descending, ties by id ascending, the SQLite search's order),
    /// <paramref name="limit"/> of them from <paramref name="offset"/>, or after <paramref name="after"/> (the last
    /// item of the previous page, as a keyset cursor holds it), and the number of matches. The score is
    /// <c>ts_rank_cd</c> with <see cref="TsVectors.RankWeights"/>: a title match outweighs a caption match, which
    /// outweighs a body match, as with <c>bm25</c>; there is no inverse document frequency (see docs/search.md).
    /// </summary>
    public static async Task<RankedPage> RankArticlesAsync(DbConnection connection, SearchQuery query, int limit, int offset,
        RankedArticle? after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (TsQueries.From(query) is not { } tsquery)
        {
            return new RankedPage([], 0);
        }

        var npgsql = (NpgsqlConnection)connection;
        const string Matches = """
            SELECT "ArticleId" AS id, ts_rank_cd(@weights, "Vector", @q) AS score
            FROM "ArticleSearchVectors" WHERE "Vector" @@ @q
            """;
        var items = new List<RankedArticle>();
        int? total = null;
        await using (var page = new NpgsqlCommand($"""
            SELECT id, score, total FROM (SELECT *, count(*) OVER () AS total FROM ({Matches}) AS m) AS c
            WHERE @afterId IS NULL OR score < @afterScore OR (score = @afterScore AND id > @afterId)
            ORDER BY score DESC, id
            LIMIT @limit OFFSET @offset
            """, npgsql))
        {
            AddQuery(page, tsquery);
            // ts_rank_cd is a real: the cursor's score goes back as one, so equality holds for the last item's ties.
            page.Parameters.Add(new NpgsqlParameter<int?>("afterId", NpgsqlDbType.Integer) { TypedValue = after?.Id });
            page.Parameters.Add(new NpgsqlParameter<float?>("afterScore", NpgsqlDbType.Real) { TypedValue = (float?)after?.Score });
            page.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            page.Parameters.Add(new NpgsqlParameter<int>("offset", NpgsqlDbType.Integer) { TypedValue = after is null ? offset : 0 });
            await using var reader = await page.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                items.Add(new RankedArticle(reader.GetInt32(0), reader.GetFloat(1)));
                total ??= (int)reader.GetInt64(2);
            }
        }

        // A page past the end has no row to carry the total.
        if (total is null)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM ({Matches}) AS m", npgsql);
            AddQuery(count, tsquery);
            total = (int)(long)(await count.ExecuteScalarAsync(ct))!;
        }

        return new RankedPage(items, total.Value);
    }

    /// <summary>The ids of the images whose caption or credit match, in id order (image search is not ranked).</summary>
    public static async Task<IReadOnlyList<int>> MatchImagesAsync(DbConnection connection, SearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (TsQueries.From(query) is not { } tsquery)
        {
            return [];
        }

        await using var command = new NpgsqlCommand("""SELECT "ImageId" FROM "ImageSearchVectors" WHERE "Vector" @@ @q ORDER BY "ImageId" """,
            (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter<NpgsqlTsQuery>("q", NpgsqlDbType.TsQuery) { TypedValue = tsquery });
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static void AddQuery(NpgsqlCommand command, NpgsqlTsQuery tsquery)
    {
        command.Parameters.Add(new NpgsqlParameter<NpgsqlTsQuery>("q", NpgsqlDbType.TsQuery) { TypedValue = tsquery });
        command.Parameters.Add(new NpgsqlParameter<float[]>("weights", NpgsqlDbType.Array | NpgsqlDbType.Real) { TypedValue = TsVectors.RankWeights });
    }
}
