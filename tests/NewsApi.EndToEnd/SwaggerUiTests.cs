using Microsoft.Playwright;
using NewsApi.EndToEnd.Support;

namespace NewsApi.EndToEnd;

/// <summary>Swagger UI, served by the real app on a real port, in headless Chromium.</summary>
public sealed class SwaggerUiTests(LiveServerFactory server) : IClassFixture<LiveServerFactory>
{
    private const string SeedHeadline = "North Korean officials head to US amid suggestions of second Trump/Kim summit";

    [Fact]
    public async Task Swagger_ui_lists_the_operations_and_try_it_out_lists_the_seed_article()
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
        // Execute as pre-filled: the parameter examples must make a valid request that finds the seed article.
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
        Assert.Contains(SeedHeadline, await body.TextContentAsync());
        Assert.Empty(errors);
    }
}
