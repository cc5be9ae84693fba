using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>Full-text search over articles, images and headline suggestions, against the fixture store.</summary>
public sealed class SearchTests(NewsApiFactory factory) : IClassFixture<NewsApiFactory>
{
    private const string HovercraftTitle = "Hovercraft strike halts island crossings";
    private const string TimetableTitle = "Harbour timetable changes for winter";
    private const string CafeTitle = "Zürich café owners protest new rules on terraces";
    private const string KioskTitle = "Seaside kiosk's fish & chips <prices> spark \"debate\"";

    [Fact]
    public async Task A_headline_match_ranks_above_body_matches()
    {
        var body = await GetAsync("/api/v1/articles?q=hovercraft");

        Assert.Equal([HovercraftTitle, TimetableTitle], Titles(body));
        var scores = Items(body).Select(i => i.GetProperty("score").GetDouble()).ToList();
        Assert.True(scores[0] > scores[1], $"scores {scores[0]} and {scores[1]}");
        Assert.All(scores, s => Assert.True(s > 0));
    }

    [Fact]
    public async Task The_headline_outranks_a_body_that_repeats_the_word()
    {
        // crocodile: in 001's headline (and body and caption), only in the café article's body.
        var titles = Titles(await GetAsync("/api/v1/articles?q=crocodile"));

        Assert.Equal(Fixtures.CrocodileTitle, titles[0]);
        Assert.Contains(CafeTitle, titles);
    }

    [Fact]
    public async Task All_words_must_match()
    {
        Assert.Equal([TimetableTitle], Titles(await GetAsync("/api/v1/articles?q=hovercraft%20winter")));
        Assert.Empty(Titles(await GetAsync("/api/v1/articles?q=hovercraft%20crocodile")));
    }

    [Fact]
    public async Task A_phrase_matches_words_in_order_only()
    {
        Assert.Equal([Fixtures.CrocodileTitle], Titles(await GetAsync("/api/v1/articles?q=%22pet%20crocodile%22")));
        Assert.Empty(Titles(await GetAsync("/api/v1/articles?q=%22crocodile%20pet%22")));
    }

    [Fact]
    public async Task OR_matches_either()
    {
        var titles = Titles(await GetAsync("/api/v1/articles?q=hovercraft%20OR%20kiosk"));

        Assert.Equal(3, titles.Count);
        Assert.Contains(KioskTitle, titles);
        Assert.Contains(HovercraftTitle, titles);
        Assert.Contains(TimetableTitle, titles);
    }

    [Fact]
    public async Task A_minus_excludes()
    {
        var titles = Titles(await GetAsync("/api/v1/articles?q=crocodile%20-zurich"));

        Assert.Contains(Fixtures.CrocodileTitle, titles);
        Assert.DoesNotContain(CafeTitle, titles);
    }

    [Fact]
    public async Task A_hyphenated_word_is_searched_not_excluded()
    {
        Assert.Contains(Fixtures.CrocodileTitle, Titles(await GetAsync("/api/v1/articles?q=4.4m-long")));
    }

    [Theory]
    [InlineData("hovercr*")]
    [InlineData("ho*")] // two- and three-letter prefixes have their own index
    [InlineData("hov*")]
    [InlineData("HOVER*")]
    public async Task A_star_matches_a_prefix(string q)
    {
        var titles = Titles(await GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString(q)));

        Assert.Contains(HovercraftTitle, titles);
        Assert.Contains(TimetableTitle, titles);
    }

    [Theory]
    [InlineData("cafe")]
    [InlineData("CAFÉ")]
    [InlineData("zurich")]
    [InlineData("ZÜRICH")]
    [InlineData("Zu\u0308rich")] // decomposed ü
    [InlineData("cafe zurich")]
    [InlineData("\"zurich cafe\"")]
    public async Task Case_and_accents_do_not_matter(string q)
    {
        Assert.Contains(CafeTitle, Titles(await GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString(q))));
    }

    [Fact]
    public async Task Highlights_mark_the_matches_and_escape_everything_else()
    {
        var item = Assert.Single(Items(await GetAsync("/api/v1/articles?q=kiosk")));
        var labelled = Labelled(item);
        var highlights = labelled.Select(h => h.Text).ToList();

        Assert.Equal(
            ("title", "Seaside <mark>kiosk</mark>&#39;s fish &amp; chips &lt;prices&gt; spark &quot;debate&quot;"),
            labelled[0]);
        Assert.Contains(labelled, h => h.Field == "body" && h.Text.Contains(
            "The <mark>kiosk</mark> sells fish &amp; chips for &lt;5 pounds, &quot;cheap&quot; as &#39;ever&#39;", StringComparison.Ordinal));
        foreach (var h in highlights)
        {
            // The only tags are the marks, and they are balanced.
            var withoutMarks = h.Replace("<mark>", string.Empty, StringComparison.Ordinal).Replace("</mark>", string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain('<', withoutMarks);
            Assert.DoesNotContain('>', withoutMarks);
            Assert.DoesNotContain('"', withoutMarks);
            Assert.Equal(CountOf(h, "<mark>"), CountOf(h, "</mark>"));
        }
    }

    [Fact]
    public async Task Highlights_mark_prefix_and_accent_folded_matches()
    {
        var item = Assert.Single(Items(await GetAsync("/api/v1/articles?q=cafe%20terr*")));

        Assert.Equal(("title", "Zürich <mark>café</mark> owners protest new rules on <mark>terraces</mark>"), Labelled(item)[0]);
    }

    [Fact]
    public async Task A_match_only_in_a_caption_is_labelled_caption()
    {
        var items = Items(await GetAsync("/api/v1/articles?q=sulawesi"));

        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Contains(Labelled(item), h => h.Field == "caption" && h.Text.Contains("<mark>", StringComparison.Ordinal)));
    }

    private static List<(string Field, string Text)> Labelled(JsonElement item) =>
        item.GetProperty("highlights").EnumerateArray()
            .Select(h => (h.GetProperty("field").GetString()!, h.GetProperty("text").GetString()!)).ToList();

    [Fact]
    public async Task Results_without_q_carry_no_score_or_highlights()
    {
        var item = Items(await GetAsync("/api/v1/articles"))[0];

        Assert.Equal(JsonValueKind.Null, item.GetProperty("score").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("highlights").ValueKind);
    }

    [Fact]
    public async Task Pages_of_results_add_up_to_the_whole_result()
    {
        const string Q = "the";
        var all = await GetAsync($"/api/v1/articles?q={Q}&pageSize=100");
        var total = all.GetProperty("totalItems").GetInt32();
        var expected = Ids(all);
        Assert.True(total >= 4, $"only {total} results for '{Q}'");
        Assert.Equal(total, expected.Count);

        var paged = new List<int>();
        for (var page = 1; page <= total; page++)
        {
            var body = await GetAsync($"/api/v1/articles?q={Q}&pageSize=1&page={page}");
            Assert.Equal(total, body.GetProperty("totalItems").GetInt32());
            Assert.Equal(total, body.GetProperty("totalPages").GetInt32());
            paged.AddRange(Ids(body));
        }

        Assert.Equal(expected, paged);
        var pastTheEnd = await GetAsync($"/api/v1/articles?q={Q}&pageSize=1&page={total + 1}");
        Assert.Empty(Items(pastTheEnd));
        Assert.Equal(total, pastTheEnd.GetProperty("totalItems").GetInt32());
    }

    [Theory]
    [InlineData("")] // relevance
    [InlineData("&sort=id")]
    [InlineData("&sort=-id")]
    [InlineData("&sort=title")]
    [InlineData("&sort=-title")]
    [InlineData("&sort=updatedAt")]
    [InlineData("&sort=-updatedAt")]
    public async Task A_cursor_walks_the_results_without_duplicates_or_gaps(string sort)
    {
        const string Q = "the";
        var expected = Ids(await GetAsync($"/api/v1/articles?q={Q}&pageSize=100{sort}"));

        var walked = new List<int>();
        var response = await factory.CreateClient().GetAsync($"/api/v1/articles?q={Q}&pageSize=2{sort}");
        for (var guard = 0; guard < 100; guard++)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            walked.AddRange(Ids(body));
            Assert.Equal(expected.Count, body.GetProperty("totalItems").GetInt32());
            if (body.GetProperty("nextCursor").GetString() is not { } cursor)
            {
                break;
            }

            response = await factory.CreateClient().GetAsync($"/api/v1/articles?q={Q}&pageSize=2{sort}&after={Uri.EscapeDataString(cursor)}");
        }

        Assert.Equal(expected, walked);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("title")]
    [InlineData("updatedAt")]
    public async Task Every_sort_field_orders_matches_both_ways(string field)
    {
        var ascending = Ids(await GetAsync($"/api/v1/articles?q=the&pageSize=100&sort={field}"));
        var descending = Ids(await GetAsync($"/api/v1/articles?q=the&pageSize=100&sort=-{field}"));

        // Ties are broken by id in the sort's direction, so one order is exactly the other reversed.
        Assert.True(ascending.Count >= 3, $"only {ascending.Count} matches");
        Assert.Equal(ascending, Enumerable.Reverse(descending));
    }

    [Fact]
    public async Task Filters_combine_with_q()
    {
        var all = Titles(await GetAsync("/api/v1/articles?q=crocodile"));
        var withImages = await GetAsync("/api/v1/articles?q=crocodile&hasImages=true");
        var withoutImages = Titles(await GetAsync("/api/v1/articles?q=crocodile&hasImages=false"));
        var credited = Titles(await GetAsync("/api/v1/articles?q=crocodile&credit=getty"));

        Assert.Equal([Fixtures.CrocodileTitle], Titles(withImages));
        Assert.Equal(1, withImages.GetProperty("totalItems").GetInt32());
        Assert.Contains(CafeTitle, withoutImages);
        Assert.DoesNotContain(Fixtures.CrocodileTitle, withoutImages);
        Assert.Equal(all.Count, Titles(withImages).Count + withoutImages.Count);
        Assert.Equal([Fixtures.CrocodileTitle], credited);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("-id")]
    [InlineData("title")]
    [InlineData("-title")]
    [InlineData("-updatedAt")]
    public async Task Sort_overrides_relevance(string sort)
    {
        var byRelevance = Ids(await GetAsync("/api/v1/articles?q=hovercraft%20OR%20crocodile%20OR%20kiosk"));
        var sorted = await GetAsync($"/api/v1/articles?q=hovercraft%20OR%20crocodile%20OR%20kiosk&sort={sort}");
        var plain = Ids(await GetAsync($"/api/v1/articles?sort={sort}&pageSize=100"));

        // The same results, in the order the plain list has them, still with scores.
        Assert.Equal(byRelevance.Order(), Ids(sorted).Order());
        Assert.Equal(plain.Where(byRelevance.Contains), Ids(sorted));
        Assert.All(Items(sorted), i => Assert.Equal(JsonValueKind.Number, i.GetProperty("score").ValueKind));
    }

    [Fact]
    public async Task Search_totals_are_in_the_body_and_the_headers()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/articles?q=hovercraft&pageSize=1");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("2", response.Headers.GetValues("X-Total-Count").Single());
        Assert.Equal(2, body.GetProperty("totalItems").GetInt32());
        Assert.Contains("q=hovercraft", response.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-crocodile", "excludes")]
    [InlineData("***", "no words")]
    [InlineData("\"\"", "no words")]
    public async Task A_query_with_nothing_to_find_is_a_400_saying_why(string q, string reason)
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/articles?q=" + Uri.EscapeDataString(q));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty("q");
        Assert.Contains(reason, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/articles?q=")]
    [InlineData("/api/v1/articles?sort=-id&q=")]
    [InlineData("/api/v1/images?q=")]
    public async Task Thirty_two_short_prefixes_ored_are_refused_before_they_run_with_a_problem_that_says_how_to_narrow(string path)
    {
        var attack = string.Join(" OR ", Enumerable.Range(0, 32).Select(i => $"{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}*"));
        var client = factory.CreateClient();

        var response = await client.GetAsync(path + Uri.EscapeDataString(attack));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("q")[0].GetString();
        Assert.Contains("too expensive", message, StringComparison.Ordinal);
        Assert.Contains("fewer OR branches or longer prefixes", message, StringComparison.Ordinal);

        // The same branches with prefixes a client would type are an ordinary search.
        var narrowed = string.Join(" OR ", ["hovercraft*", "crocodile*", "ferry*", "winter*"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path + Uri.EscapeDataString(narrowed))).StatusCode);
    }

    [Fact]
    public async Task A_query_over_500_characters_is_a_400()
    {
        var ok = await factory.CreateClient().GetAsync("/api/v1/articles?q=" + new string('a', 500));
        var tooLong = await factory.CreateClient().GetAsync("/api/v1/articles?q=" + new string('a', 501));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("application/problem+json", tooLong.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Images_are_searched_by_caption_and_credit()
    {
        var byCaption = await GetAsync("/api/v1/images?q=sulawesi");
        var byCredit = await GetAsync("/api/v1/images?q=getty");
        var folded = await GetAsync("/api/v1/images?q=SULAW*");

        Assert.NotEmpty(Items(byCaption));
        Assert.All(Items(byCaption), i => Assert.Contains("Sulawesi", i.GetProperty("caption").GetString(), StringComparison.Ordinal));
        Assert.All(Items(byCaption), i => Assert.Equal(Fixtures.CrocodileTitle, i.GetProperty("article").GetProperty("title").GetString()));
        Assert.Equal(Ids(byCaption), Ids(byCredit).Intersect(Ids(byCaption)));
        Assert.All(Items(byCredit), i => Assert.Contains("Getty", i.GetProperty("credit").GetString(), StringComparison.Ordinal));
        Assert.Equal(Ids(byCaption), Ids(folded));
        Assert.Empty(Items(await GetAsync("/api/v1/images?q=sulawesi%20-getty")));
        Assert.Empty(Items(await GetAsync("/api/v1/images?q=hovercraft")));
    }

    [Fact]
    public async Task Image_search_pages_and_filters_like_the_list()
    {
        var all = await GetAsync("/api/v1/images?q=getty%20OR%20korea%20OR%20trump&pageSize=100");
        var total = all.GetProperty("totalItems").GetInt32();
        Assert.Equal(Items(all).Count, total);

        var walked = new List<int>();
        string? cursor = null;
        do
        {
            var body = await GetAsync("/api/v1/images?q=getty%20OR%20korea%20OR%20trump&pageSize=1" + (cursor is null ? string.Empty : "&after=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(total, body.GetProperty("totalItems").GetInt32());
            walked.AddRange(Ids(body));
            cursor = body.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && walked.Count <= total);

        Assert.Equal(Ids(all), walked);
        var crocodileId = Ids(await GetAsync("/api/v1/articles?q=%22pet%20crocodile%22"))[0];
        var ofCrocodile = Items(await GetAsync($"/api/v1/images?q=getty%20OR%20korea%20OR%20trump&pageSize=100&articleId={crocodileId}"));
        Assert.NotEmpty(ofCrocodile);
        Assert.All(ofCrocodile, i => Assert.Equal(crocodileId, i.GetProperty("article").GetProperty("id").GetInt32()));
    }

    [Theory]
    [InlineData("Hovercraft", HovercraftTitle)] // headline starts with it
    [InlineData("hover", HovercraftTitle)] // case-insensitive
    [InlineData("strike", HovercraftTitle)] // a later headline word
    [InlineData("island cross", HovercraftTitle)] // words, the last a prefix
    [InlineData("zur", CafeTitle)] // accents fold in the word match
    [InlineData("Zür", CafeTitle)]
    [InlineData("cafe", CafeTitle)]
    public async Task Suggest_completes_headlines(string prefix, string title)
    {
        var suggestions = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/search/suggest?prefix=" + Uri.EscapeDataString(prefix));

        Assert.Contains(title, suggestions.EnumerateArray().Select(s => s.GetProperty("title").GetString()));
        Assert.True(suggestions.GetArrayLength() <= 10);
    }

    [Fact]
    public async Task Suggest_puts_headlines_that_start_with_the_prefix_first()
    {
        // "h": Hovercraft and Harbour start with it; other headlines only have later words starting with h.
        var titles = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/search/suggest?prefix=h"))
            .EnumerateArray().Select(s => s.GetProperty("title").GetString()!).ToList();

        var starting = titles.TakeWhile(t => t.StartsWith('H')).ToList();
        Assert.Contains(HovercraftTitle, starting);
        Assert.Contains(TimetableTitle, starting);
        Assert.Equal(titles.Count, titles.Distinct().Count());
    }

    [Fact]
    public async Task Suggest_only_searches_headlines()
    {
        // "Sulawesi" is in the crocodile article's body and caption, not its headline.
        var suggestions = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/search/suggest?prefix=sulawesi");

        Assert.Equal(0, suggestions.GetArrayLength());
    }

    [Fact]
    public async Task Suggest_returns_at_most_ten()
    {
        var suggestions = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/search/suggest?prefix=e");

        Assert.InRange(suggestions.GetArrayLength(), 0, 10);
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var client = await factory.CreateReadyClientAsync();
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();

    private static List<string> Titles(JsonElement page) => Items(page).Select(i => i.GetProperty("title").GetString()!).ToList();

    private static List<int> Ids(JsonElement page) => Items(page).Select(i => i.GetProperty("id").GetInt32()).ToList();

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
