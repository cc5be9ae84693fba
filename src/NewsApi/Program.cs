using NewsApi.Cli;
using NewsApi.Infrastructure;

// `check <folder>` and `import <folder>` are operator verbs; anything else starts the web host.
if (CommandLine.IsVerb(args))
{
    return await CommandLine.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddLogging();
builder.AddNewsStore();
builder.AddApi();
builder.AddApiDocumentation();
builder.AddHttpCaching();
builder.AddHealth();
builder.AddSecurity();

var app = builder.Build();

app.UseTrustedProxies();
app.UseRequestLogging();
app.UseApiErrors();
app.UseSecurityHeaders();
app.UseCompression();
app.UseApiDocumentation();
app.UseRouting();
app.UseAccessControl();
app.UseHttpCaching();
app.MapApi();
app.MapHealth();

await app.RunAsync();
return 0;
