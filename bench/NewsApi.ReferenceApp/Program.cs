using System.Net.Mime;
using Microsoft.Extensions.Primitives;

// The ceiling for NewsApi's load tests: the same bytes NewsApi answers with, served by bare Kestrel with no
// database, no serialisation, no middleware and no logging. Whatever NewsApi spends above this is its own cost.
//
//   NewsApi.ReferenceApp --article <article.json> --list <list.json> [--urls http://127.0.0.1:5099]
//   (or REFERENCE_ARTICLE / REFERENCE_LIST in the environment)
var article = await LoadAsync(args, "--article", "REFERENCE_ARTICLE");
var list = await LoadAsync(args, "--list", "REFERENCE_LIST");

var builder = WebApplication.CreateSlimBuilder(args.Where((a, i) => !IsOwnOption(args, i)).ToArray());
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

var app = builder.Build();
var json = new StringValues(MediaTypeNames.Application.Json);

// {id} is ignored on purpose: every id gets the one captured article, so the route costs only routing.
app.MapGet("/api/v1/articles/{id}", (HttpContext context) => Write(context, article));
app.MapGet("/api/v1/articles", (HttpContext context) => Write(context, list));
app.MapGet("/health/ready", (HttpContext context) => Write(context, "{\"status\":\"Healthy\"}"u8.ToArray()));

await app.RunAsync();
return 0;

Task Write(HttpContext context, byte[] body)
{
    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.Headers.ContentType = json;
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
}

static bool IsOwnOption(string[] args, int i) =>
    args[i] is "--article" or "--list" || (i > 0 && args[i - 1] is "--article" or "--list");

static async Task<byte[]> LoadAsync(string[] args, string option, string variable)
{
    var at = Array.IndexOf(args, option);
    var path = at >= 0 && at + 1 < args.Length ? args[at + 1] : Environment.GetEnvironmentVariable(variable);
    if (string.IsNullOrEmpty(path))
    {
        Console.Error.WriteLine($"Give {option} <file.json> or set {variable}.");
        Environment.Exit(2);
    }

    return await File.ReadAllBytesAsync(path);
}
