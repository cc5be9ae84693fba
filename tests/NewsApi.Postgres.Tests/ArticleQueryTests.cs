using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewsApi.Articles;
using NewsApi.Contracts;
using NewsApi.Hosting;
using NewsApi.Images;
using NewsApi.Search;

namespace NewsApi.Postgres.Tests;

/// <summary>
/// The host's read queries give the same answers on PostgreSQL as on SQLite for the same imported files: the article
/// list and search with every filter and sort, by page number and by cursor to the last page, with the same totals and
/// highlights; image search and credit filters; headline suggestions. Only scores may differ, and with them the order
/// of a search by relevance.
/// </summary>
public sealed class ArticleQueryTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly SourceDir _source = new();
    private WriteStore _sqlite = null!;
    private WriteStore _postgres = null!;

    public async Task InitializeAsync()
    {
        _source.CopyFromRepo("data/articles", "seed");
        _source.CopyFromRepo("tests/NewsApi.Parsing.Tests/Fixtures", "fixtures");
        // Titles and credits whose case differs in ASCII and beyond it: SQLite's LIKE folds only ASCII letters.
        _source.Write("zz/a.txt", Article("ÉLAN of the harbour pilots", "Harbour pilots at work (Picture: Élise Ñúñez/AFP)"));
        _source.Write("zz/b.txt", Article("élan returns to the Harbour", "A pilot boat (Picture: ÉLISE ÑÚÑEZ/afp)"));
        _source.Write("zz/c.txt", Article("harbour Pilots strike", "Pilots on strike (Picture: elise nunez/Afp)"));
        _sqlite = await WriteStore.SqliteAsync();
        _postgres = await WriteStore.PostgresAsync();
        await _sqlite.ImportAsync(_source.Path);
        await _postgres.ImportAsync(_source.Path);

        // The import stamps the clock's times; the same ones on both stores, with ties, so updatedAt orders compare.
        foreach (var store in new[] { _sqlite, _postgres })
        {
            await using var db = store.CreateContext();
            foreach (var article in await db.Articles.ToListAsync())
            {
                article.UpdatedAt = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero).AddHours(article.Id % 5);
                article.FirstSeenAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
            }

            await db.SaveChangesAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        await _postgres.DisposeAsync();
        _source.Dispose();
    }

    [Fact]
    public async Task The_article_list_is_the_same_with_every_filter_and_sort()
    {
        var compared = 0;
        foreach (var sort in Sorts)
        {
            foreach (var filter in Filters(await CreditsAsync()))
            {
                var query = filter(new ArticleListQuery { Sort = sort, PageSize = 7 });
                compared += await AssertSameListAsync(query, byRelevance: false);
            }
        }

        Assert.True(compared > 500, $"only {compared} articles compared");
    }

    [Fact]
    public async Task A_search_finds_the_same_articles_with_the_same_highlights_in_every_order()
    {
        var compared = 0;
        var highlighted = 0;
        foreach (var q in await QueriesAsync())
        {
            foreach (var sort in Sorts.Append(null))
            {
                var query = new ArticleListQuery { Q = q, Sort = sort, PageSize = 5 };
                compared += await AssertSameListAsync(query, byRelevance: sort is null);
            }

            var page = await ListAsync(_postgres, new ArticleListQuery { Q = q, PageSize = 100 });
            highlighted += page.Items.Count(i => i.Highlights is { Count: > 0 });
        }

        foreach (var filter in Filters(await CreditsAsync()))
        {
            compared += await AssertSameListAsync(filter(new ArticleListQuery { Q = "harbour OR pilots OR the", PageSize = 3 }), byRelevance: true);
            compared += await AssertSameListAsync(filter(new ArticleListQuery { Q = "harbour OR pilots OR the", Sort = "-publishedAt", PageSize = 3 }), byRelevance: false);
        }

        Assert.True(compared > 200, $"only {compared} articles compared");
        Assert.True(highlighted > 50, $"only {highlighted} articles with highlights");
    }

    [Fact]
    public async Task Credit_filters_fold_the_case_of_ASCII_letters_only_as_SQLite_does()
    {
        foreach (var credit in new[] { "élise ñúñez", "ÉLISE", "Élise", "elise", "ELISE NUNEZ", "afp", "AFP", "Ñúñez/afp", "%", "_" })
        {
            var sqlite = await ImagesAsync(_sqlite, new ImageListQuery { Credit = credit, PageSize = 100 });
            var postgres = await ImagesAsync(_postgres, new ImageListQuery { Credit = credit, PageSize = 100 });
            Assert.Equal(Serialize(sqlite), Serialize(postgres));
            compared(credit, sqlite.Items.Count);
        }

        // Articles by an image's credit: "Élise" finds "ÉLISE" too, "élise" neither, "ELISE" only "elise".
        Assert.Equal(["ÉLAN of the harbour pilots", "élan returns to the Harbour"],
            (await ListAsync(_postgres, new ArticleListQuery { Credit = "Élise" })).Items.Select(i => i.Title));
        Assert.Empty((await ListAsync(_postgres, new ArticleListQuery { Credit = "élise" })).Items);
        Assert.Equal(["harbour Pilots strike"], (await ListAsync(_postgres, new ArticleListQuery { Credit = "ELISE" })).Items.Select(i => i.Title));

        static void compared(string credit, int found) => Assert.True(credit is "%" or "_" or "élise ñúñez" ? found == 0 : found > 0, $"{credit}: {found}");
    }

    [Fact]
    public async Task Image_search_finds_the_same_images()
    {
        var found = 0;
        foreach (var q in (await QueriesAsync()).Append("afp").Append("Élise").Append("pilot*"))
        {
            var sqlite = await ImagesAsync(_sqlite, new ImageListQuery { Q = q, PageSize = 100 });
            var postgres = await ImagesAsync(_postgres, new ImageListQuery { Q = q, PageSize = 100 });
            Assert.Equal(Serialize(sqlite), Serialize(postgres));
            found += sqlite.Items.Count;
        }

        Assert.True(found > 20, $"only {found} images found");
    }

    [Fact]
    public async Task Suggestions_are_the_same_and_ignore_the_case_of_ASCII_letters()
    {
        var prefixes = (await TitlesAsync()).SelectMany(t => new[] { t[..Math.Min(3, t.Length)], t[..Math.Min(8, t.Length)].ToUpperInvariant(), t.Split(' ').Last() })
            .Concat(["harbour", "HARBOUR", "Harbour pil", "élan", "ÉLAN", "Élan", "h", "pil"])
            .Distinct(StringComparer.Ordinal).ToList();
        foreach (var prefix in prefixes)
        {
            Assert.Equal(Serialize(await SuggestAsync(_sqlite, prefix)), Serialize(await SuggestAsync(_postgres, prefix)));
        }

        // A headline starting with the prefix comes first whatever the case of its ASCII letters.
        var suggested = await SuggestAsync(_postgres, "HARBOUR P");
        Assert.Equal("harbour Pilots strike", suggested[0].Title);
    }

    private static readonly string[] Sorts = ["id", "-id", "title", "-title", "updatedAt", "-updatedAt", "publishedAt", "-publishedAt"];

    private static IEnumerable<Func<ArticleListQuery, ArticleListQuery>> Filters(IReadOnlyList<string> credits)
    {
        yield return q => q;
        yield return q => With(q, x => x.HasImages = true);
        yield return q => With(q, x => x.HasImages = false);
        yield return q => With(q, x => x.PublishedAfter = "2019-01-01");
        yield return q => With(q, x => x.PublishedBefore = "2019-06-01T12:00:00Z");
        yield return q => With(q, x => (x.PublishedAfter, x.PublishedBefore, x.HasImages) = ("2018-01-01", "2020-01-01", true));
        foreach (var credit in credits)
        {
            yield return q => With(q, x => x.Credit = credit);
        }
    }

    private static ArticleListQuery With(ArticleListQuery q, Action<ArticleListQuery> change)
    {
        var copy = new ArticleListQuery
        {
            Q = q.Q,
            Sort = q.Sort,
            PageSize = q.PageSize,
            HasImages = q.HasImages,
            Credit = q.Credit,
            PublishedAfter = q.PublishedAfter,
            PublishedBefore = q.PublishedBefore,
        };
        change(copy);
        return copy;
    }

    /// <summary>
    /// Walks every page by cursor, and pages 1 and 2 by number, on both stores: the same items (without scores) in the
    /// same order, totals and cursors; by relevance, the same items and highlights in some order. Returns how many
    /// items were compared.
    /// </summary>
    private async Task<int> AssertSameListAsync(ArticleListQuery query, bool byRelevance)
    {
        var sqlite = await WalkAsync(_sqlite, query);
        var postgres = await WalkAsync(_postgres, query);
        var what = $"q={query.Q} sort={query.Sort} hasImages={query.HasImages} credit={query.Credit} after={query.PublishedAfter} before={query.PublishedBefore}";
        Assert.True(sqlite.Totals.SequenceEqual(postgres.Totals), $"{what}: totals {string.Join(',', sqlite.Totals)} and {string.Join(',', postgres.Totals)}");
        if (byRelevance)
        {
            Assert.Equal(Serialize(sqlite.Items.OrderBy(i => i.Id)), Serialize(postgres.Items.OrderBy(i => i.Id)));
            Assert.Equal(sqlite.Items.Count, sqlite.Items.Select(i => i.Id).Distinct().Count());
            Assert.Equal(postgres.Items.Count, postgres.Items.Select(i => i.Id).Distinct().Count());
        }
        else
        {
            Assert.Equal(Serialize(sqlite.Pages), Serialize(postgres.Pages));
            Assert.Equal(Serialize(sqlite.Items), Serialize(postgres.Items));
        }

        return sqlite.Items.Count;
    }

    private static async Task<(List<ArticleSummaryResponse> Items, List<int> Totals, List<object> Pages)> WalkAsync(WriteStore store, ArticleListQuery query)
    {
        var items = new List<ArticleSummaryResponse>();
        var totals = new List<int>();
        var pages = new List<object>();
        string? after = null;
        do
        {
            var page = await ListAsync(store, With(query, q => q.After = after));
            items.AddRange(page.Items.Select(WithoutScore));
            totals.Add(page.TotalItems);
            after = page.NextCursor;
            Assert.True(totals.Count < 1_000, "the cursors do not end");
        }
        while (after is not null);

        foreach (var number in new[] { 1, 2, 1_000 })
        {
            var page = await ListAsync(store, With(query, q => q.Page = number));
            totals.Add(page.TotalItems);
            pages.Add(page with { Items = page.Items.Select(WithoutScore).ToList(), NextCursor = query.Q is not null && query.Sort is null ? null : page.NextCursor });
        }

        return (items, totals, pages);
    }

    private static ArticleSummaryResponse WithoutScore(ArticleSummaryResponse item) => item with { Score = null };

    private static async Task<PagedResponse<ArticleSummaryResponse>> ListAsync(WriteStore store, ArticleListQuery query)
    {
        await using var db = store.CreateContext();
        var urls = new ArticleUrls(Options.Create(new NewsApiOptions { PublicBaseUrl = "https://news.example" }), new HttpContextAccessor());
        return await new ArticleQueries(db, urls).ListAsync(query, CancellationToken.None);
    }

    private static async Task<PagedResponse<ImageWithArticleResponse>> ImagesAsync(WriteStore store, ImageListQuery query)
    {
        await using var db = store.CreateContext();
        var controller = new ImagesController(db) { ControllerContext = new ControllerContext { HttpContext = Request() } };
        return (await controller.ListImages(query, CancellationToken.None)).Value!;
    }

    private static async Task<IReadOnlyList<SuggestionResponse>> SuggestAsync(WriteStore store, string prefix)
    {
        await using var db = store.CreateContext();
        return (await new SearchController(db).SuggestHeadlines(prefix, CancellationToken.None)).Value!;
    }

    private static DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("news.example");
        return context;
    }

    private static string Serialize(object value) => JsonSerializer.Serialize(value, Json);

    private async Task<List<string>> TitlesAsync()
    {
        await using var db = _sqlite.CreateContext();
        return await db.Articles.OrderBy(a => a.Id).Select(a => a.Title).ToListAsync();
    }

    /// <summary>Parts of credits as they are written, in lower case and in upper case.</summary>
    private async Task<List<string>> CreditsAsync()
    {
        await using var db = _sqlite.CreateContext();
        var credits = await db.Images.Where(i => i.Credit != null).OrderBy(i => i.Id).Select(i => i.Credit!).Distinct().Take(4).ToListAsync();
        return credits.SelectMany(c => new[] { c[..Math.Min(5, c.Length)], c[^Math.Min(4, c.Length)..].ToLowerInvariant(), c.ToUpperInvariant() })
            .Append("élise").Append("Élise").Append("nobody at all").ToList();
    }

    /// <summary>Words, prefixes, phrases, alternatives and exclusions from the imported titles.</summary>
    private async Task<List<string>> QueriesAsync()
    {
        var words = (await TitlesAsync()).SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 4 && w.All(char.IsLetter)).Distinct(StringComparer.OrdinalIgnoreCase).Take(12).ToList();
        var queries = new List<string> { "harbour", "Pilots", "\"harbour pilots\"", "harbour -strike", "élan", "the", "pil*" };
        for (var i = 0; i + 1 < words.Count; i += 2)
        {
            queries.Add(words[i]);
            queries.Add($"{words[i]} OR {words[i + 1]}");
            queries.Add(words[i][..3].ToLowerInvariant() + "*");
        }

        return queries;
    }

    private static string Article(string headline, string caption) =>
        $"{headline}\n\nThe first paragraph says the harbour pilots met on Monday.\n\n<em>{caption}</em>\n{caption}\n\nA second paragraph about {headline}.\n";
}
