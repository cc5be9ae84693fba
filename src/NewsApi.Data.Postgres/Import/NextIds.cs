using Npgsql;

namespace NewsApi.Data.Postgres.Import;

/// <summary>
/// The next article, image and teaser ids of one write transaction, read once (under the writers' lock) before its
/// first insert and handed out in order. See <see cref="PostgresArticleWriter"/> for why ids are given here.
/// </summary>
internal sealed class NextIds(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    private bool _read;

    public int Article { get; set; }

    public int Image { get; set; }

    public int Link { get; set; }

    public void Read()
    {
        if (_read)
        {
            return;
        }

        using var command = new NpgsqlCommand("""
            SELECT greatest((SELECT max("Id") FROM "Articles"), (SELECT max("ArticleId") FROM "ArticleTombstones"), 0) + 1,
                greatest((SELECT max("Id") FROM "Images"), (SELECT "LastId" FROM "IdHighWater" WHERE "Name" = 'Images'), 0) + 1,
                greatest((SELECT max("Id") FROM "RelatedLinks"), (SELECT "LastId" FROM "IdHighWater" WHERE "Name" = 'RelatedLinks'), 0) + 1
            """, connection, transaction);
        using var reader = command.ExecuteReader();
        reader.Read();
        Article = reader.GetInt32(0);
        Image = reader.GetInt32(1);
        Link = reader.GetInt32(2);
        _read = true;
    }
}
