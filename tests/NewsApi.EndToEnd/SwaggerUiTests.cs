using Microsoft.Playwright;
using NewsApi.EndToEnd.Support;

namespace NewsApi.EndToEnd;

/// <summary>Swagger UI, served by the real app on a real port, in headless Chromium.</summary>
public sealed class SwaggerUiTests(LiveServerFactory server) : IClassFixture<LiveServerFactory>
{
    private const string SeedHeadline = "North Korean officials head to US amid suggestions of second Trump/Kim summit";

    [Fact]
    public async Task Swagger_ui_lists_the_operations_and_try_it_out_lists_every_article()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1600 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        page.RequestFailed += (_, request) => errors.Add($"request failed: {request.Url} {request.Failure}");

        var response = await page.GotoAsync(new Uri(server.BaseAddress, "/swagger").ToString());
        Assert.True(response?.Ok, $"GET /swagger answered {response?.Status}");
        await page.Locator(".opblock").First.WaitForAsync();

        // Every collection of the API is listed, with its operation ids.
        var operations = await page.Locator(".opblock-summary-operation-id").AllTextContentsAsync();
        foreach (var id in new[] { "listArticles", "getArticle", "listArticleImages", "listArticleRelatedLinks", "listImages", "getImage", "listRelatedLinks", "getRelatedLink" })
        {
            Assert.Contains(id, operations);
        }

        // GET /api/v1/articles: Try it out, Execute.
        var operation = page.Locator("#operations-Articles-listArticles");
        await operation.Locator(".opblock-summary").ClickAsync();
        await operation.Locator("button.try-out__btn").ClickAsync();
        // Execute as pre-filled: nothing narrows the list, so it holds every article.
        await operation.Locator("button.execute").ClickAsync();

        var status = operation.Locator(".live-responses-table .response .response-col_status").First;
        await status.WaitForAsync();
        var body = operation.Locator(".live-responses-table .response-col_description pre").First;

        // The top of the page down to the end of the live response: the header, the request and its answer.
        var bottom = await operation.Locator(".live-responses-table").First.EvaluateAsync<float>("e => e.getBoundingClientRect().bottom + window.scrollY");
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Paths.Artifacts(), "swagger-ui.png"),
            FullPage = true,
            Clip = new Clip { X = 0, Y = 0, Width = 1280, Height = bottom + 16 },
        });

        Assert.Equal("200", (await status.TextContentAsync())?.Trim());
        var text = await body.TextContentAsync();
        Assert.Contains(SeedHeadline, text);
        Assert.Contains(LiveServerFactory.SecondHeadline, text);
        Assert.Contains("\"totalItems\": 2", text);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_deep_link_opens_its_operation()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(server.BaseAddress, "/swagger/index.html#/Articles/getArticle").ToString());

        // Open: the operation's body (its parameters and Try it out) is shown without a click.
        var operation = page.Locator("#operations-Articles-getArticle");
        await operation.Locator("button.try-out__btn").WaitForAsync();
        Assert.Contains("is-open", await operation.GetAttributeAsync("class") ?? string.Empty);
        Assert.Equal(0, await page.Locator("#operations-Articles-listArticles button.try-out__btn").CountAsync());

        // Opening another operation puts its deep link in the address bar, to copy and share.
        await page.Locator("#operations-Images-listImages .opblock-summary").ClickAsync();
        await page.WaitForURLAsync("**/swagger/index.html#/Images/listImages");
    }
}
