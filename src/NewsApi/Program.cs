using NewsApi.Articles;
using NewsApi.Caching;
using NewsApi.Cli;
using NewsApi.Hosting;
using NewsApi.Store;

// `check <folder>` and `import <folder>` are operator verbs; anything else starts the web host.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

// Plumbing (Hosting/): logging, MVC and JSON, problems, OpenAPI, compression, security.
builder.AddLogging();
builder.AddNewsApiOptions();
builder.AddApi();
builder.AddApiDocumentation();
builder.AddCompression();
builder.AddSecurity();

// Features: the store and its health, the article read services, caching and renditions.
builder.AddNewsStore();
builder.AddHealth();
builder.AddArticles();
builder.AddCaching();

var app = builder.Build();

app.UseTrustedProxies();
app.UseRequestLogging();
app.UseApiErrors();
app.UseSecurityHeaders();
app.UseCompression();
app.UseApiDocumentation();
app.UseRouting();
app.UseAccessControl();
app.UseCaching();
app.MapApi();
app.MapHealth();

await app.RunAsync();
return 0;
