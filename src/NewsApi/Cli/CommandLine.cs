using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using NewsApi.Data;
using NewsApi.Data.Entities;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres;
using NewsApi.Hosting;
using NewsApi.Parsing;
using NewsApi.Store;
using Npgsql;
using Spectre.Console;

namespace NewsApi.Cli;

/// <summary>
/// Operator verbs of the same executable, so validating or importing a folder needs no second tool:
/// <c>check &lt;folder&gt;</c> parses without importing; <c>import &lt;folder&gt;</c> imports into the configured store;
/// <c>export &lt;folder&gt;</c> writes every article's source text back out; <c>backup &lt;file&gt;</c> copies the store;
/// <c>migrate</c> creates or updates the schema; <c>copy &lt;connection string&gt;</c> moves the store to PostgreSQL.
/// </summary>
/// <remarks>
/// Data goes to stdout and everything said to the operator (status, reports, errors) to stderr, so the output of
/// <c>check</c> can be piped and diffed. Exit codes: 0 done, 1 done but some file was skipped, 2 nothing done
/// (bad arguments, a missing folder, a database that cannot be opened).
/// </remarks>
public static class CommandLine
{
    private const int Skipped = 1;
    private const int CannotRun = 2;

    /// <summary>
    /// A first argument that is neither an option (<c>--urls</c>) nor a setting (<c>urls=…</c>) is a verb, so a
    /// mistyped verb is reported instead of silently starting the web host.
    /// </summary>
    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (IsHelp(args[0]) || (args[0].Length > 0 && args[0][0] is not ('-' or '/') && !args[0].Contains('=')));

    private static bool IsHelp(string arg) => arg is "help" or "--help" or "-h" or "-?";

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args[0];
        if (IsHelp(verb))
        {
            Console.Out.Write(UsageText);
            return 0;
        }

        if (verb is not ("check" or "import" or "export" or "backup" or "migrate" or "copy"))
        {
            return UsageError($"unknown command '{verb}'");
        }

        if (verb == "migrate")
        {
            // Settings only (--ConnectionStrings:NewsApi=...): a word in first place is no setting's value.
            return args.Length > 1 && !args[1].StartsWith('-') && !args[1].Contains('=')
                ? UsageError($"'migrate' takes no argument ('{args[1]}')")
                : await MigrateAsync(args[1..]);
        }

        if (args.Length < 2 || args[1].StartsWith('-'))
        {
            return UsageError(verb switch
            {
                "backup" => "'backup' needs a file",
                "copy" => "'copy' needs the PostgreSQL connection string of the target database",
                _ => $"'{verb}' needs a folder",
            });
        }

        if (verb == "copy")
        {
            return await CopyAsync(args[1], args[2..]);
        }

        if (verb is "export" or "backup")
        {
            try
            {
                return verb == "export"
                    ? await ExportAsync(ResolveFolder(args[1]), args[2..])
                    : Backup(ResolveFolder(args[1]), args[2..]);
            }
            catch (StartupException e)
            {
                Console.Error.WriteLine(e.Message);
                return CannotRun;
            }
            catch (Exception e) when (StoreSetup.ServerFailure(e) is { } reason)
            {
                return ServerUnusable(verb, reason);
            }
        }

        var directory = ResolveFolder(args[1]);
        if (!Directory.Exists(directory))
        {
            Console.Error.WriteLine($"Folder not found: {directory}");
            return CannotRun;
        }

        try
        {
            return verb == "check"
                ? Check(directory, args[2..])
                : await ImportAsync(directory, args[2..]);
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return CannotRun;
        }
        catch (Exception e) when (StoreSetup.ServerFailure(e) is { } reason)
        {
            return ServerUnusable(verb, reason);
        }
    }

    // A server that refuses the connection or the role: the operator needs the reason, not a trace.
    private static int ServerUnusable(string verb, string reason)
    {
        Console.Error.WriteLine($"'{verb}' could not use the database: {reason}. Check ConnectionStrings__NewsApi and that the server runs.");
        return CannotRun;
    }

    // `dotnet run --project src/NewsApi` runs in the project folder, so relative folders resolve like the
    // configured ones: against the repository root when run from a checkout.
    private static string ResolveFolder(string folder) => RepositoryPaths.Resolve(Directory.GetCurrentDirectory(), folder);

    private const string UsageText = """
        Usage:
          NewsApi [--urls http://localhost:5000]
                                           serve the API (settings: see README)
          NewsApi check <folder> [--summary]
                                           parse every *.txt file without importing: one tab-separated line per
                                           file on stdout (--summary: with a header line, the form CI diffs), a
                                           report on stderr; exit 1 when any file would be skipped
          NewsApi import <folder> [--prune [--allow-empty]]
                                           import the folder into the configured database
                                           (ConnectionStrings__NewsApi); --prune also removes the imported
                                           articles whose files are gone (never when part of the folder could
                                           not be read, nor when the folder has no file at all unless
                                           --allow-empty); exit 1 when any file was skipped or could not be read
          NewsApi export <folder> [--force]
                                           write every article's source text, as stored, to the folder (an
                                           imported article under its source file name, one created through the
                                           API as <slug>.txt); importing that folder into an empty store gives
                                           the same articles; the folder must be empty or new unless --force
          NewsApi backup <file>            copy the configured SQLite database to a new file, consistently, also
                                           while the server runs (VACUUM INTO); never overwrites a file; on
                                           PostgreSQL use pg_dump
          NewsApi migrate                  create or update the configured database's schema (the migrations of
                                           NewsApi__Provider, Sqlite or Postgres) and exit; for deploys, before
                                           the nodes start; a no-op when the schema is current
          NewsApi copy "<PostgreSQL connection string>"
                                           copy the configured SQLite store, row for row with its ids, into
                                           a new PostgreSQL database (created and migrated if needed, and
                                           empty); in one transaction, so a failure copies nothing; run it
                                           with the SQLite store's writers stopped for the last word
          NewsApi help                     show this text

        Exit codes: 0 done, 1 some file skipped, 2 nothing done (bad arguments, missing folder, database error).

        """;

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine();
        Console.Error.Write(UsageText);
        return CannotRun;
    }

    private static int Check(string directory, string[] options)
    {
        if (options.FirstOrDefault(o => o != "--summary") is { } unknown)
        {
            return UsageError($"unknown option '{unknown}' for 'check'");
        }

        var files = SourceFolder.List(directory);
        Console.Error.WriteLine($"Checking {directory} ({files.Count} files)");
        var results = new ParseResult[files.Count];
        Parallel.For(0, files.Count, i => results[i] = ArticleParser.Parse(File.ReadAllBytes(Path.Combine(directory, files[i])), files[i]));

        var output = Console.Out;
        if (options.Contains("--summary"))
        {
            output.WriteLine(ParseSummary.Header);
        }

        for (var i = 0; i < files.Count; i++)
        {
            output.WriteLine(ParseSummary.FormatLine(files[i], results[i]));
        }

        output.Flush();

        var articles = results.Where(r => r.Succeeded).Select(r => r.Article!).ToList();
        var report = Console.Error;
        report.WriteLine($"files {files.Count}, articles {articles.Count}, skipped {files.Count - articles.Count}, " +
            $"paragraphs {articles.Sum(a => a.Paragraphs.Count())}, images {articles.Sum(a => a.Images.Count())}, " +
            $"teasers {articles.Sum(a => a.RelatedLinks.Count())}");
        foreach (var group in results.SelectMany(r => r.Diagnostics).GroupBy(d => (d.Severity, d.Code)).OrderBy(g => g.Key.Code, StringComparer.Ordinal))
        {
            report.WriteLine($"  {group.Key.Severity.ToString().ToLowerInvariant(),-8} {group.Key.Code,-28} {group.Count()}");
        }

        for (var i = 0; i < files.Count; i++)
        {
            if (!results[i].Succeeded && results[i].Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error) is { } error)
            {
                report.WriteLine($"skipped {files[i]} (line {error.Line}): {error.Code}: {StartupFailure.OneLine(error.Message)}");
            }
        }

        return articles.Count == files.Count ? 0 : Skipped;
    }

    private static async Task<int> ImportAsync(string directory, string[] rest)
    {
        var prune = rest.Contains("--prune");
        var allowEmpty = rest.Contains("--allow-empty");
        var builder = Host.CreateApplicationBuilder(rest.Where(a => a is not "--prune" and not "--allow-empty").ToArray());
        var provider = StoreSetup.ReadProvider(builder.Configuration);
        var connectionString = builder.Services.AddStore(builder.Configuration, builder.Environment);
        builder.Logging.ClearProviders();
        using var host = builder.Build();

        var status = CreateConsole(Console.Error, Console.IsErrorRedirected);
        status.WriteLine($"Importing {directory} into {StoreSetup.DescribeStore(provider, connectionString)}");
        if (provider == StoreProvider.Sqlite)
        {
            StoreSetup.EnsureStoreOpens(connectionString);
        }

        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        await StoreMigrator.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<ILogger<NewsDbContext>>());
        var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();

        ImportSummary? summary = null;
        await status.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Importing {Path.GetFileName(directory.TrimEnd('/'))}");
                var progress = new Progress<ImportProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                summary = await importer.ImportAsync(directory, progress, prune: prune, allowEmpty: allowEmpty);
                task.Value = task.MaxValue;
            });

        var s = summary!;
        var output = CreateConsole(Console.Out, Console.IsOutputRedirected);
        var table = new Table().AddColumns("files seen", "imported", "updated", "unchanged", "removed", "missing", "skipped", "elapsed");
        table.AddRow(s.FilesSeen.ToString(), s.Imported.ToString(), s.Updated.ToString(), s.Unchanged.ToString(),
            s.Removed.ToString(), s.Missing.ToString(), s.Skipped.Count.ToString(), $"{s.Elapsed.TotalSeconds:F2} s");
        output.Write(table);
        foreach (var skipped in s.Skipped)
        {
            output.MarkupLineInterpolated($"[yellow]skipped[/] {skipped.FileName} (line {skipped.Line}): {skipped.Code}: {StartupFailure.OneLine(skipped.Message)}");
        }

        foreach (var unreadable in (s.Unreadable ?? []).Where(u => u.Code != "unreadable"))
        {
            output.MarkupLineInterpolated($"[red]unreadable[/] {unreadable.FileName}: {StartupFailure.OneLine(unreadable.Message)}");
        }

        if (s.Status == ImportStatus.Incomplete)
        {
            status.MarkupLine("[red]incomplete:[/] part of the folder could not be read, so nothing was removed.");
        }
        else if (s.Missing > 0)
        {
            status.MarkupLineInterpolated($"{s.Missing} articles have no file in the folder and were kept{(prune ? " (created through the API)" : "; --prune removes them")}.");
        }

        return s.Skipped.Count == 0 && s.Status == ImportStatus.Completed ? 0 : Skipped;
    }

    private static async Task<int> MigrateAsync(string[] rest)
    {
        string where = "the database";
        try
        {
            var builder = Host.CreateApplicationBuilder(rest);
            var provider = StoreSetup.ReadProvider(builder.Configuration);
            var connectionString = builder.Services.AddStore(builder.Configuration, builder.Environment);
            builder.Logging.ClearProviders();
            where = StoreSetup.DescribeStore(provider, connectionString);
            if (provider == StoreProvider.Sqlite)
            {
                StoreSetup.EnsureStoreOpens(connectionString);
            }

            using var host = builder.Build();
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync()).Count();
            await StoreMigrator.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<ILogger<NewsDbContext>>());
            var current = (await db.Database.GetAppliedMigrationsAsync()).LastOrDefault() ?? "none";
            Console.Error.WriteLine(pending == 0
                ? $"{where} is up to date (migration {current})"
                : $"Migrated {where}: applied {pending} migration(s), now at {current}");
            return 0;
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return CannotRun;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A server that refuses the connection, a role without rights: the operator needs the reason, not a trace.
            var reason = e.InnerException is System.Net.Sockets.SocketException inner ? $"{StartupFailure.Clause(e.Message)}: {StartupFailure.Clause(inner.Message)}" : StartupFailure.Clause(e.Message);
            Console.Error.WriteLine($"Cannot migrate {where}: {reason}.");
            return CannotRun;
        }
    }

    /// <summary>
    /// <c>backup</c> is SQLite's <c>VACUUM INTO</c>, and <c>copy</c> moves a SQLite store: on PostgreSQL the server's
    /// own tools back it up (<c>pg_dump</c>), consistently and while nodes serve.
    /// </summary>
    private static void RequireSqlite(IConfiguration configuration, string verb)
    {
        if (StoreSetup.ReadProvider(configuration) == StoreProvider.Postgres)
        {
            throw new StartupException(verb == "backup"
                ? "'backup' copies a SQLite file; on PostgreSQL (NewsApi:Provider is Postgres) use the server's pg_dump, e.g. pg_dump -Fc -f newsapi.dump <database>."
                : $"'{verb}' moves a SQLite store to PostgreSQL; run it with the SQLite store configured (NewsApi:Provider is Postgres).");
        }
    }

    private static async Task<int> CopyAsync(string targetConnectionString, string[] rest)
    {
        string where = "the target";
        try
        {
            if (PostgresStore.Unsuitable(targetConnectionString) is { } why)
            {
                Console.Error.WriteLine($"'copy' needs a PostgreSQL connection string (\"Host=<server>;Database=<name>;Username=<user>\"): {why}.");
                return CannotRun;
            }

            where = PostgresStore.Describe(targetConnectionString);
            var (host, _, from) = OpenStore("copy", rest);
            using (host)
            {
                await using var scope = host.Services.CreateAsyncScope();
                var source = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
                var logger = scope.ServiceProvider.GetRequiredService<ILogger<NewsDbContext>>();
                await StoreMigrator.MigrateAsync(source, logger);
                var options = new DbContextOptionsBuilder<NewsDbContext>();
                options.UseNewsApiPostgres(targetConnectionString);
                await using var target = new NewsDbContext(options.Options);
                await StoreMigrator.MigrateAsync(target, logger);
                Console.Error.WriteLine($"Copying {from} to {where}");
                var copied = await StoreCopy.CopyAsync(source, target);
                foreach (var table in copied)
                {
                    Console.Error.WriteLine($"  {table.Table,-22} {table.Rows,10:N0}");
                }

                Console.Error.WriteLine($"Copied {copied.Single(t => t.Table == "Articles").Rows:N0} articles to {where}; serve it with NewsApi__Provider=Postgres.");
                return 0;
            }
        }
        catch (StartupException e)
        {
            Console.Error.WriteLine(e.Message);
            return CannotRun;
        }
        catch (StoreCopyException e)
        {
            Console.Error.WriteLine($"Nothing copied to {where}: {e.Message}.");
            return CannotRun;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException { InnerException: NpgsqlException })
        {
            Console.Error.WriteLine($"Nothing copied to {where}: {StartupFailure.Clause(e.Message)}.");
            return CannotRun;
        }
    }

    /// <summary>The configured store for a verb: its host, and where it is in words for messages.</summary>
    private static (IHost Host, string ConnectionString, string Where) OpenStore(string verb, string[] rest)
    {
        var builder = Host.CreateApplicationBuilder(rest);
        if (verb != "export")
        {
            RequireSqlite(builder.Configuration, verb);
        }

        var provider = StoreSetup.ReadProvider(builder.Configuration);
        var connectionString = builder.Services.AddStore(builder.Configuration, builder.Environment);
        builder.Logging.ClearProviders();
        if (provider == StoreProvider.Sqlite)
        {
            StoreSetup.EnsureStoreOpens(connectionString);
        }

        return (builder.Build(), connectionString, StoreSetup.DescribeStore(provider, connectionString));
    }

    private static async Task<int> ExportAsync(string directory, string[] rest)
    {
        var force = rest.Contains("--force");
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any() && !force)
        {
            Console.Error.WriteLine($"Folder not empty: {directory} (export into an empty or new folder, or pass --force to overwrite files in it)");
            return CannotRun;
        }

        var (host, _, where) = OpenStore("export", rest.Where(a => a != "--force").ToArray());
        using (host)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
            await StoreMigrator.MigrateAsync(db, scope.ServiceProvider.GetRequiredService<ILogger<NewsDbContext>>());
            Console.Error.WriteLine($"Exporting {where} to {directory}");
            Directory.CreateDirectory(directory);
            var root = Path.GetFullPath(directory);

            // One read transaction: the export is one consistent state of the store even while the server writes.
            await db.Database.OpenConnectionAsync();
            await using var tx = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            var articles = await db.Articles.AsNoTracking()
                .OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.Slug, a.SourceFileName, a.Origin })
                .ToListAsync();
            int written = 0, missing = 0;
            foreach (var article in articles)
            {
                var text = await db.ArticleSources.AsNoTracking().Where(s => s.ArticleId == article.Id).Select(s => s.Text).FirstOrDefaultAsync();
                if (text is null)
                {
                    // A store imported before source texts were kept gets them at its next import.
                    Console.Error.WriteLine($"no source text for article {article.Id} ({article.SourceFileName}); import its folder once to store it");
                    missing++;
                    continue;
                }

                var name = article.Origin == ArticleOrigins.Api ? article.Slug + ".txt" : article.SourceFileName;
                var path = Path.GetFullPath(Path.Combine(root, name));
                if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"skipped article {article.Id}: its file name '{name}' leaves the folder");
                    missing++;
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, text);
                written++;
            }

            Console.Error.WriteLine($"articles {articles.Count}, written {written}, without source text {missing}");
            return missing == 0 ? 0 : Skipped;
        }
    }

    private static int Backup(string file, string[] rest)
    {
        if (File.Exists(file) || Directory.Exists(file))
        {
            Console.Error.WriteLine($"Backup target exists: {file} (a backup never overwrites; choose a new file name)");
            return CannotRun;
        }

        var (host, connectionString, from) = OpenStore("backup", rest);
        using (host)
        {
            Console.Error.WriteLine($"Backing up {from} to {file}");
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();

            // VACUUM INTO reads one snapshot (a read transaction, which WAL lets run beside the server's writes) and
            // writes a compact, self-contained database file: a consistent copy without stopping the server.
            command.CommandText = "VACUUM INTO $file";
            command.Parameters.AddWithValue("$file", file);
            command.CommandTimeout = 0;
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                Console.Error.WriteLine($"Backup failed: {StartupFailure.OneLine(e.Message)}");
                return CannotRun;
            }

            Console.Error.WriteLine($"Backup written: {file} ({new FileInfo(file).Length:N0} bytes)");
            return 0;
        }
    }

    /// <summary>
    /// Spectre.Console wraps at the terminal's width, and at 80 columns when the stream is redirected, which would
    /// break a file name or message in two in a log or a pipe: a redirected stream gets no width limit.
    /// </summary>
    private static IAnsiConsole CreateConsole(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }
}
