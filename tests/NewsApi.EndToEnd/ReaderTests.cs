using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using NewsApi.EndToEnd.Support;

namespace NewsApi.EndToEnd;

/// <summary>The web reader at /read/, served by the real app, in headless Chromium.</summary>
public sealed class ReaderTests(ReaderServerFactory server) : IClassFixture<ReaderServerFactory>
{
    private const string SeedHeadline = "North Korean officials head to US amid suggestions of second Trump/Kim summit";
    private const string SeedSlug = "north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit";

    [Fact]
    public async Task List_to_article_to_teaser_to_its_target_and_back()
    {
        await using var session = await ReaderSession.OpenAsync(server);
        var page = session.Page;

        await page.GotoAsync(session.Url("/read/"));
        await session.ReadyAsync();
        var items = page.Locator("main ol.items > li");
        var seed = items.Filter(new LocatorFilterOptions { HasText = SeedHeadline });
        Assert.Contains("Senior North Korean official Kim Yong Chol arrives", await seed.TextContentAsync());
        Assert.Contains("REUTERS/Jason Lee", await seed.TextContentAsync());
        await session.AssertAccessibleAsync();

        // By keyboard: focus the headline's link, Enter; the new page's heading then has the focus.
        await seed.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = SeedHeadline }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/read/{SeedSlug}");
        await session.ReadyAsync();
        Assert.Equal(SeedHeadline, await page.Locator("main h1").TextContentAsync());
        Assert.Equal(SeedHeadline, await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await session.AssertAccessibleAsync();
        // Body blocks in reading order: the figure first, then the first paragraph.
        Assert.Contains("Beijing International Airport", await page.Locator("main article figure figcaption").First.TextContentAsync());
        Assert.StartsWith("North Korean officials are heading to the US", await page.Locator("main article .body > p").First.TextContentAsync());
        // The resolved teaser is a link carrying its target's summary (from the API's target card, no extra request);
        // the unresolved one is plain text.
        Assert.Equal(1, await page.Locator("main a.teaser").CountAsync());
        Assert.Equal("A woman was killed by a large crocodile kept at a pearl farm after she fell into its enclosure.",
            await page.Locator("main a.teaser .teaser-summary").TextContentAsync());
        Assert.Contains("Drink driver, 39", await page.Locator("main p.teaser").TextContentAsync());
        Assert.Contains("000_0782390d389fb1a1.txt", await page.Locator("main .provenance").TextContentAsync());

        await page.Locator("main a.teaser").ClickAsync();
        await page.WaitForURLAsync("**/read/indonesian-*");
        await session.ReadyAsync();
        Assert.Equal(ReaderServerFactory.TeaserTargetHeadline, await page.Locator("main h1").TextContentAsync());
        // Read next: the seed names this article in a teaser.
        Assert.Equal(SeedHeadline, await page.Locator("main .read-next a").TextContentAsync());

        await page.GoBackAsync();
        await page.WaitForURLAsync($"**/read/{SeedSlug}");
        await session.ReadyAsync();
        Assert.Equal(SeedHeadline, await page.Locator("main h1").TextContentAsync());

        await page.GoBackAsync();
        await page.WaitForURLAsync("**/read/");
        await session.ReadyAsync();
        Assert.Equal("Latest articles", await page.Locator("main h1").TextContentAsync());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Search_suggests_headlines_and_highlights_the_matches()
    {
        await using var session = await ReaderSession.OpenAsync(server);
        var page = session.Page;
        await page.GotoAsync(session.Url("/read/"));
        await session.ReadyAsync();

        var box = page.GetByLabel("Search articles");
        await box.PressSequentiallyAsync("indon");
        // The box's suggestions: the headline that starts with what was typed.
        var suggestion = page.Locator($"datalist#suggestions option[value=\"{ReaderServerFactory.TeaserTargetHeadline}\"]");
        await suggestion.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

        await box.FillAsync("crocodile");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync("**/read/?q=crocodile");
        await session.ReadyAsync();
        Assert.Equal("Search: crocodile", await page.Locator("main h1").TextContentAsync());
        Assert.Equal(1, await page.Locator("main ol.items > li").CountAsync());
        var marks = await page.Locator("main ol.items mark").AllTextContentsAsync();
        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.Equal("crocodile", m, ignoreCase: true));
        await session.AssertAccessibleAsync();

        // Back to the list, forward to the results again.
        await page.GoBackAsync();
        await page.WaitForURLAsync("**/read/");
        await session.ReadyAsync();
        Assert.Equal("Latest articles", await page.Locator("main h1").TextContentAsync());
        await page.GoForwardAsync();
        await page.WaitForURLAsync("**/read/?q=crocodile");
        await session.ReadyAsync();
        Assert.Equal("crocodile", await box.InputValueAsync());
        Assert.Equal(marks, await page.Locator("main ol.items mark").AllTextContentsAsync());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Deep_links_open_their_page_and_the_time_to_usable_is_recorded()
    {
        await using var session = await ReaderSession.OpenAsync(server);
        var page = session.Page;

        var search = await page.GotoAsync(session.Url("/read/?q=korea"));
        Assert.Equal(200, search?.Status);
        await session.ReadyAsync();
        Assert.Equal("Search: korea", await page.Locator("main h1").TextContentAsync());
        Assert.Contains("Korea", await page.Locator("main ol.items mark").AllTextContentsAsync());

        // The article's own address, loaded cold a few times: navigation start to its body rendered.
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var response = await page.GotoAsync(session.Url($"/read/{SeedSlug}"));
            Assert.Equal(200, response?.Status);
            Assert.Contains("script-src 'self'", await response!.HeaderValueAsync("content-security-policy"));
            await session.ReadyAsync();
            Assert.Equal(SeedHeadline, await page.Locator("main h1").TextContentAsync());
            // Every paragraph of the seed, the last one included.
            Assert.Equal(8, await page.Locator("main article .body > p:not(.teaser)").CountAsync());
            times.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByName('reader-ready')[0].startTime"));
        }

        times.Sort();
        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"article page, navigation start to body rendered (ms): {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}")
            .AppendLine(CultureInfo.InvariantCulture, $"median: {times[times.Count / 2]:F0} ms");
        Directory.CreateDirectory(Path.Combine(Paths.Artifacts(), "reader"));
        await File.WriteAllTextAsync(Path.Combine(Paths.Artifacts(), "reader", "time-to-usable.txt"), report.ToString());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_missing_article_gets_a_clear_404_page_and_a_removed_one_a_410_page()
    {
        await using var session = await ReaderSession.OpenAsync(server);
        var page = session.Page;

        await page.GotoAsync(session.Url("/read/no-such-article"));
        await session.ReadyAsync();
        Assert.Equal("Article not found", await page.Locator("main h1").TextContentAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Back to the latest articles" }).CountAsync());
        await session.AssertAccessibleAsync();
        await session.ScreenshotAsync("not-found");

        // An article added then removed through the API answers 410, which the reader says plainly.
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", ReaderServerFactory.ApiKey);
        using var created = await http.PostAsync("/api/v1/articles",
            new StringContent("Harbour ferry timetable changes for winter\n\nThe ferry will run every hour from December.", Encoding.UTF8, "text/plain"));
        Assert.True(created.IsSuccessStatusCode, $"POST answered {(int)created.StatusCode}");
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var slug = json.RootElement.GetProperty("slug").GetString();
        using var deleted = await http.DeleteAsync($"/api/v1/articles/{json.RootElement.GetProperty("id").GetInt32()}");
        Assert.True(deleted.IsSuccessStatusCode, $"DELETE answered {(int)deleted.StatusCode}");

        await page.GotoAsync(session.Url($"/read/{slug}"));
        await session.ReadyAsync();
        Assert.Equal("Article removed", await page.Locator("main h1").TextContentAsync());
        await session.AssertAccessibleAsync();
        session.AssertNoErrors(
            "404: /api/v1/articles/no-such-article", "404: /api/v1/articles/no-such-article/backlinks",
            $"410: /api/v1/articles/{slug}", $"410: /api/v1/articles/{slug}/backlinks");
    }

    [Theory]
    [InlineData("phone", 375, 812)]
    [InlineData("wide", 1440, 900)]
    public async Task The_list_and_the_article_fit_the_viewport_and_pass_axe(string name, int width, int height)
    {
        await using var session = await ReaderSession.OpenAsync(server, width, height);
        var page = session.Page;
        const string overflow = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth";

        await page.GotoAsync(session.Url("/read/"));
        await session.ReadyAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>(overflow));
        await session.AssertAccessibleAsync();
        await session.ScreenshotAsync($"list-{name}");

        await page.GotoAsync(session.Url($"/read/{SeedSlug}"));
        await session.ReadyAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>(overflow));
        await session.AssertAccessibleAsync();
        await session.ScreenshotAsync($"article-{name}");
        session.AssertNoErrors();
    }
}
