using Microsoft.EntityFrameworkCore;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Hosting;
using NewsApi.Parsing;
using NewsApi.Store;
using Spectre.Console;

namespace NewsApi.Cli;

/// <summary>
/// Operator verbs of the same executable, so validating or importing a folder needs no second tool:
/// <c>check &lt;folder&gt;</c> parses without importing; <c>import &lt;folder&gt;</c> imports into the configured store.
/// </summary>
public static class CommandLine
{
    public static bool IsVerb(string[] args) => args.Length > 0 && args[0] is "check" or "import" or "help" or "--help";

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return args[0] switch
            {
                "check" when args.Length >= 2 => Check(args[1], summaryOnly: args.Contains("--summary")),
                "import" when args.Length >= 2 => await ImportAsync(args[1], args[2..]),
                _ => Usage(),
            };
        }
        catch (DirectoryNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    // `dotnet run --project src/NewsApi` runs in the project folder, so relative folders resolve like the
    // configured ones: against the repository root when run from a checkout.
    private static string ResolveFolder(string folder) => RepositoryPaths.Resolve(Directory.GetCurrentDirectory(), folder);

    private static int Usage()
    {
        Console.WriteLine("""
            Usage:
              NewsApi                          serve the API (see README)
              NewsApi check <folder> [--summary]
                                               parse every *.txt file without importing; print one line per file
                                               and a report; exit 1 when any file would be skipped
              NewsApi import <folder> [--prune]
                                               import the folder into the configured store
                                               (ConnectionStrings__NewsApi); --prune also removes the imported
                                               articles whose files are gone (never when part of the folder could
                                               not be read); exit 1 when any file was skipped or could not be read
            """);
        return 2;
    }

    private static int Check(string folder, bool summaryOnly)
    {
        var directory = ResolveFolder(folder);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Folder not found: {directory}");
        }

        var files = SourceFolder.List(directory);
        var results = new ParseResult[files.Count];
        Parallel.For(0, files.Count, i => results[i] = ArticleParser.Parse(File.ReadAllBytes(Path.Combine(directory, files[i])), files[i]));

        var output = Console.Out;
        output.WriteLine(ParseSummary.Header);
        for (var i = 0; i < files.Count; i++)
        {
            output.WriteLine(ParseSummary.FormatLine(files[i], results[i]));
        }

        if (summaryOnly)
        {
            return results.All(r => r.Succeeded) ? 0 : 1;
        }

        var articles = results.Where(r => r.Succeeded).Select(r => r.Article!).ToList();
        Console.Error.WriteLine();
        Console.Error.WriteLine($"files {files.Count}, articles {articles.Count}, skipped {files.Count - articles.Count}, " +
            $"paragraphs {articles.Sum(a => a.Paragraphs.Count())}, images {articles.Sum(a => a.Images.Count())}, " +
            $"teasers {articles.Sum(a => a.RelatedLinks.Count())}");
        foreach (var group in results.SelectMany(r => r.Diagnostics).GroupBy(d => (d.Severity, d.Code)).OrderBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"  {group.Key.Severity.ToString().ToLowerInvariant(),-8} {group.Key.Code,-28} {group.Count()}");
        }

        return articles.Count == files.Count ? 0 : 1;
    }

    private static async Task<int> ImportAsync(string folder, string[] rest)
    {
        var prune = rest.Contains("--prune");
        var directory = ResolveFolder(folder);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Folder not found: {directory}");
        }

        var builder = Host.CreateApplicationBuilder(rest.Where(a => a != "--prune").ToArray());
        var connectionString = StoreSetup.ResolveConnectionString(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddDbContext<NewsDbContext>(o => o.UseSqlite(connectionString));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ArticleImporter>();
        builder.Logging.ClearProviders();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        await StoreMigrator.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<ILogger<NewsDbContext>>());
        var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();

        ImportSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Importing {Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/'))}");
                var progress = new Progress<ImportProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                summary = await importer.ImportAsync(directory, progress, prune: prune);
                task.Value = task.MaxValue;
            });

        var s = summary!;
        var table = new Table().AddColumns("files seen", "imported", "updated", "unchanged", "removed", "missing", "skipped", "elapsed");
        table.AddRow(s.FilesSeen.ToString(), s.Imported.ToString(), s.Updated.ToString(), s.Unchanged.ToString(),
            s.Removed.ToString(), s.Missing.ToString(), s.Skipped.Count.ToString(), $"{s.Elapsed.TotalSeconds:F2} s");
        AnsiConsole.Write(table);
        foreach (var skipped in s.Skipped)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {skipped.FileName} (line {skipped.Line}): {skipped.Code}: {skipped.Message}");
        }

        foreach (var unreadable in (s.Unreadable ?? []).Where(u => u.Code != "unreadable"))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]unreadable[/] {unreadable.FileName}: {unreadable.Message}");
        }

        if (s.Status == ImportStatus.Incomplete)
        {
            AnsiConsole.MarkupLine("[red]incomplete:[/] part of the folder could not be read, so nothing was removed.");
        }
        else if (s.Missing > 0)
        {
            AnsiConsole.MarkupLineInterpolated($"{s.Missing} articles have no file in the folder and were kept{(prune ? " (created through the API)" : "; --prune removes them")}.");
        }

        return s.Skipped.Count == 0 && s.Status == ImportStatus.Completed ? 0 : 1;
    }
}
