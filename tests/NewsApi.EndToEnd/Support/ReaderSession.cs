using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace NewsApi.EndToEnd.Support;

/// <summary>
/// One browser page on the reader, collecting console errors, page errors, failed requests and any request that
/// leaves the server's origin (the reader must make none).
/// </summary>
public sealed class ReaderSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _base;
    private readonly List<string> _errors = [];

    private ReaderSession(IPlaywright playwright, IBrowser browser, IPage page, Uri baseAddress)
    {
        _playwright = playwright;
        _browser = browser;
        _base = baseAddress;
        Page = page;
        page.Console += (_, message) =>
        {
            // Failed loads are reported with their address by the Response handler below.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                _errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => _errors.Add($"page error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _errors.Add($"{response.Status}: {new Uri(response.Url).PathAndQuery}");
            }
        };
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).GetLeftPart(UriPartial.Authority) != _base.GetLeftPart(UriPartial.Authority))
            {
                _errors.Add($"third-party request: {request.Url}");
            }
        };
    }

    public IPage Page { get; }

    public static async Task<ReaderSession> OpenAsync(LiveServerFactory server, int width = 1280, int height = 900)
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        return new ReaderSession(playwright, browser, page, server.BaseAddress);
    }

    public string Url(string pathAndQuery) => new Uri(_base, pathAndQuery).ToString();

    /// <summary>Waits until the reader has rendered the page its address names (it sets <c>data-ready</c>).</summary>
    public Task ReadyAsync() => Page.Locator("body[data-ready=true]").WaitForAsync();

    /// <summary>Console errors include the browser's reports of Content-Security-Policy violations.</summary>
    /// <param name="expected">Failures the test provokes on purpose, as <c>404: /api/v1/articles/x</c>.</param>
    public void AssertNoErrors(params string[] expected) => Assert.Empty(_errors.Except(expected));

    /// <summary>axe-core's checks (WCAG A/AA and best practices) on the page as it is now: no violation.</summary>
    public async Task AssertAccessibleAsync()
    {
        var results = await Page.RunAxe();
        var violations = results.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
        Assert.Empty(violations);
    }

    /// <summary>A full-page screenshot in <c>artifacts/</c>, kept by CI.</summary>
    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Paths.Artifacts(), "reader", name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
