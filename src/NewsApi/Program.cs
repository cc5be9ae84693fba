using NewsApi.Articles;
using NewsApi.Caching;
using NewsApi.Cli;
using NewsApi.Feeds;
using NewsApi.Hosting;
using NewsApi.Store;

// `check <folder>`, `import <folder>` and `help` are operator verbs; anything else starts the web host.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

try
{
    var builder = WebApplication.CreateBuilder(args);

    // Plumbing (Hosting/): logging, options, MVC and JSON, problems, OpenAPI, compression, security.
    builder.AddLogging();
    builder.AddNewsApiOptions();
    builder.AddApi();
    builder.AddApiDocumentation();
    builder.AddCompression();
    builder.AddSecurity();

    // Features: the store and its health, the article services, feeds, caching and renditions.
    builder.AddNewsStore();
    builder.AddHealth();
    builder.AddArticles();
    builder.AddFeeds();
    builder.AddCaching();

    var app = builder.Build();

    app.UseTrustedProxies();
    app.UseRequestLogging();
    app.UseApiErrors();
    app.UseSecurityHeaders();
    app.UseCompression();
    app.UseApiDocumentation();
    app.UseReader();
    app.UseRouting();
    app.UseAccessControl();
    app.UseCaching();
    app.UseStoreWriteGuard();
    app.MapApi();
    app.MapHealth();

    await app.RunAsync();
    return 0;
}
catch (OperationCanceledException)
{
    // Asked to stop (SIGTERM, Ctrl+C) before start-up finished: a stop, not a failure.
    return 0;
}
catch (Exception e) when (e is not HostAbortedException)
{
    // WebApplicationFactory stops this entry point with HostAbortedException once it has the host; that one must pass.
    Console.Error.WriteLine(StartupFailure.Describe(e));
    return 1;
}
