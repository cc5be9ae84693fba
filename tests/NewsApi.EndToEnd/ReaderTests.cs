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
        Assert.Equal(3, await items.CountAsync());
        var seed = items.Filter(new LocatorFilterOptions { HasText = SeedHeadline });
        Assert.Contains("Senior North Korean official Kim Yong Chol arrives", await seed.TextContentAsync());
        Assert.Contains("REUTERS/Jason Lee", await seed.TextContentAsync());

        await seed.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = SeedHeadline }).ClickAsync();
        await page.WaitForURLAsync($"**/read/{SeedSlug}");
        await session.ReadyAsync();
        Assert.Equal(SeedHeadline, await page.Locator("main h1").TextContentAsync());
        // Body blocks in reading order: the figure first, then the first paragraph.
        Assert.Contains("Beijing International Airport", await page.Locator("main article figure figcaption").First.TextContentAsync());
        Assert.StartsWith("North Korean officials are heading to the US", await page.Locator("main article .body > p").First.TextContentAsync());
        // The resolved teaser is a link; the unresolved one is plain text.
        Assert.Equal(1, await page.Locator("main a.teaser").CountAsync());
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
}
