using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace NewsApi.EndToEnd.Support;

/// <summary>
/// The real app on a real Kestrel socket (a free loopback port), in the Production environment, over a fresh
/// SQLite file in a temporary folder, importing a copy of the repository's own <c>data/articles</c> at start-up,
/// plus one short article without images, so a filter that narrows the list shows.
/// </summary>
public class LiveServerFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "newsapi-e2e", Guid.NewGuid().ToString("N"));

    public const string SecondHeadline = "Council approves new cycle lanes for the city centre";

    public LiveServerFactory()
    {
        Directory.CreateDirectory(SourceDirectory);
        foreach (var file in Directory.GetFiles(Path.Combine(Paths.RepoRoot(), "data", "articles"), "*.txt"))
        {
            File.Copy(file, Path.Combine(SourceDirectory, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(SourceDirectory, "zzz_cycle_lanes.txt"),
            $"{SecondHeadline}\n\nThe council approved plans for new cycle lanes through the city centre on Tuesday.\n\n" +
            "Work is due to start in the spring and to last about six months.\n");
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    protected string SourceDirectory => Path.Combine(_root, "articles");

    /// <summary>Where the server listens, for example <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.Single());

        // Ready means migrated and the start-up import finished: poll it over the socket, as an orchestrator would.
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"{BaseAddress}health/ready did not answer 200 within 60 s.");
            }

            await Task.Delay(200);
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("ConnectionStrings:NewsApi", $"Data Source={Path.Combine(_root, "e2e.db")}");
        builder.UseSetting("NewsApi:SourceDirectory", SourceDirectory);
        builder.UseSetting("NewsApi:ImportOnStartup", "true");
        builder.UseSetting("NewsApi:EnableSwagger", "true");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the run over it is not.
        }
    }
}
