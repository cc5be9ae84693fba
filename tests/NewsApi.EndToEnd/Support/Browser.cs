using Microsoft.Playwright;

namespace NewsApi.EndToEnd.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright. Playwright never downloads a browser here: the
/// executable is <c>/usr/bin/chromium</c> (install with <c>apt-get install -y chromium</c>), or
/// <c>CHROMIUM_PATH</c> when set. Each launch gets a fresh temporary profile.
/// </summary>
public static class Browser
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at {ExecutablePath}. Install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH; " +
                "do not run `playwright install`.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
