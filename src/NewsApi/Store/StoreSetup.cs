using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewsApi.Data;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres;
using NewsApi.Hosting;

namespace NewsApi.Store;

public static class StoreSetup
{
    public static void AddNewsStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddStore(builder.Configuration, builder.Environment);
        builder.Services.AddScoped<ArticleStore>();
        builder.Services.AddSingleton<StoreState>();

        // Registration order is start order: the schema exists before the import starts, and both
        // hosted services start before Kestrel takes the first request.
        builder.Services.AddHostedService<MigrationService>();
        builder.Services.AddSingleton<ImportJobs>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ImportJobs>());
        builder.Services.AddHostedService<StartupImportService>();
    }

    /// <summary>
    /// The store as the web host and the <c>import</c> verb both use it: the DbContext on the configured SQLite file,
    /// the clock and the importer. Returns the resolved connection string.
    /// </summary>
    public static string AddStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = ReadProvider(configuration);
        var connectionString = ResolveConnectionString(configuration, environment.ContentRootPath);
        services.AddDbContext<NewsDbContext>(o =>
        {
            if (provider == StoreProvider.Postgres)
            {
                o.UseNewsApiPostgres(connectionString);
            }
            else
            {
                o.UseSqlite(connectionString);
            }
        });
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ArticleImporter>();
        return connectionString;
    }

    /// <summary>
    /// <c>ConnectionStrings:NewsApi</c>, with a relative file path resolved like the source folder and foreign keys
    /// always on. Nothing is created here: <see cref="EnsureStoreOpens"/> does that when the store is first opened.
    /// </summary>
    public static string ResolveConnectionString(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString("NewsApi");
        if (ReadProvider(configuration) == StoreProvider.Postgres)
        {
            var why = string.IsNullOrWhiteSpace(configured) ? "it is not set" : PostgresStore.Unsuitable(configured);
            if (why is not null)
            {
                throw Unsuited(StoreProvider.Postgres, why, "\"Host=<server>;Database=<name>;Username=<user>\"");
            }

            return configured!;
        }

        SqliteConnectionStringBuilder csb;
        try
        {
            csb = new SqliteConnectionStringBuilder(configured ?? "Data Source=data/newsapi.db");
        }
        catch (ArgumentException e)
        {
            // "Host=..." is the usual case: a PostgreSQL connection string without NewsApi:Provider=Postgres.
            throw Unsuited(StoreProvider.Sqlite, StartupFailure.Clause(e.Message).Split(". ")[0], "\"Data Source=<file>\"");
        }

        if (IsFile(csb))
        {
            csb.DataSource = RepositoryPaths.Resolve(contentRoot, csb.DataSource);
        }

        csb.ForeignKeys = true;
        return csb.ToString();
    }

    /// <summary>
    /// <c>NewsApi:Provider</c>, read before the host is built because it picks the DbContext's provider; the same
    /// key binds <see cref="NewsApiOptions.Provider"/>. An unknown value stops start-up with one line.
    /// </summary>
    public static StoreProvider ReadProvider(IConfiguration configuration)
    {
        var value = configuration[$"{NewsApiOptions.Section}:{nameof(NewsApiOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return StoreProvider.Sqlite;
        }

        // Enum.TryParse also takes numbers ("1"): only the names are settings.
        return Enum.GetNames<StoreProvider>().FirstOrDefault(n => n.Equals(value.Trim(), StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<StoreProvider>(name)
            : throw new StartupException(
                $"Invalid configuration: NewsApi:Provider (NewsApi__Provider) is '{value}'; it must be {string.Join(" or ", Enum.GetNames<StoreProvider>())}.");
    }

    private static StartupException Unsuited(StoreProvider provider, string why, string example) =>
        new($"ConnectionStrings:NewsApi does not suit NewsApi:Provider {provider}: {why}. " +
            $"Set ConnectionStrings__NewsApi to {example}, or choose the provider it is for with NewsApi__Provider.");

    /// <summary>Where the store lives, for messages: the file (or <c>:memory:</c>), never the rest of the connection string.</summary>
    public static string DescribeStore(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;

    /// <summary>
    /// Why a database server failed a connection or a command, on one line, for an operator (a refused connection, a
    /// wrong password, a missing role): null when <paramref name="exception"/> is not the server's.
    /// </summary>
    public static string? ServerFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is System.Data.Common.DbException db and not SqliteException)
            {
                return db.InnerException is System.Net.Sockets.SocketException socket
                    ? $"{StartupFailure.Clause(db.Message)}: {StartupFailure.Clause(socket.Message)}"
                    : StartupFailure.Clause(db.Message);
            }
        }

        return null;
    }

    /// <summary>Where the store lives, for messages, on either provider; never a password.</summary>
    public static string DescribeStore(StoreProvider provider, string connectionString) =>
        provider == StoreProvider.Postgres ? PostgresStore.Describe(connectionString) : DescribeStore(connectionString);

    /// <summary>
    /// Creates the database file's folder and opens the file once, before EF Core migrates it, so that a path that
    /// cannot hold a database (a folder that cannot be created or written, a file that is not SQLite) stops start-up
    /// with one sentence naming the file instead of EF Core's command errors, or a migration lock that waits forever
    /// for a folder that does not exist.
    /// </summary>
    public static void EnsureStoreOpens(string connectionString)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        try
        {
            if (IsFile(csb))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(csb.DataSource))!);
            }

            using var connection = new SqliteConnection(csb.ToString());
            connection.Open();
            using var command = connection.CreateCommand();

            // Opening is lazy; the first read of the schema is what finds a file that is not a database.
            command.CommandText = "PRAGMA schema_version;";
            command.ExecuteScalar();
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            var reason = e is SqliteException sqlite ? sqlite.SqliteErrorCode switch
            {
                14 => "the file cannot be opened or created (is its folder writable?)",
                26 => "the file is not a SQLite database",
                _ => StartupFailure.Clause(sqlite.Message),
            }
            : StartupFailure.Clause(e.Message);
            throw new StartupException(
                $"Cannot open the database {csb.DataSource}: {reason}. Set ConnectionStrings__NewsApi to \"Data Source=<file>\" in a writable folder.", e);
        }
    }

    private static bool IsFile(SqliteConnectionStringBuilder csb) =>
        !string.IsNullOrEmpty(csb.DataSource) && csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory;

    public static string ResolveSourceDirectory(this IHostEnvironment environment, NewsApiOptions options) =>
        RepositoryPaths.Resolve(environment.ContentRootPath, options.SourceDirectory);
}

/// <summary>Readiness of the store: schema migrated, start-up import finished.</summary>
public sealed class StoreState
{
    private readonly TaskCompletionSource _migrated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _startupImport = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Migrated => _migrated.Task;
    public Task StartupImportFinished => _startupImport.Task;
    public bool IsReady => _migrated.Task.IsCompletedSuccessfully && _startupImport.Task.IsCompleted;

    internal void MarkMigrated() => _migrated.TrySetResult();
    internal void MarkStartupImportFinished() => _startupImport.TrySetResult();
}

internal sealed partial class MigrationService(IServiceScopeFactory scopes, StoreState state, ILogger<MigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NewsDbContext>();
        if (db.Database.IsSqlite())
        {
            StoreSetup.EnsureStoreOpens(db.Database.GetConnectionString()!);
            await StoreMigrator.MigrateAsync(db, logger, cancellationToken);
        }
        else
        {
            try
            {
                await StoreMigrator.MigrateAsync(db, logger, cancellationToken);
            }
            catch (Exception e) when (StoreSetup.ServerFailure(e) is { } reason)
            {
                throw new StartupException($"Cannot use the database {StoreSetup.DescribeStore(StoreProvider.Postgres, db.Database.GetConnectionString()!)}: " +
                    $"{reason}. Check ConnectionStrings__NewsApi, that the server runs and that its role may connect.", e);
            }
        }

        LogMigrated(db.Database.GetDbConnection().DataSource);

        // Before this process starts any import: a run still "running" was cut short by a crash or a kill.
        if (await scope.ServiceProvider.GetRequiredService<ArticleImporter>().MarkInterruptedRunsAsync() is > 0 and var interrupted)
        {
            LogInterrupted(interrupted);
        }

        state.MarkMigrated();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Store ready at {Database}")]
    private partial void LogMigrated(string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marked {Count} import run(s) left running by an earlier process as interrupted")]
    private partial void LogInterrupted(int count);
}

internal sealed partial class StartupImportService(
    ImportJobs jobs,
    StoreState state,
    IOptions<NewsApiOptions> options,
    ILogger<StartupImportService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (!options.Value.ImportOnStartup)
            {
                return;
            }

            // Through the same runner as POST /api/v1/imports, so it shows in the import log like any run; never
            // pruning: a folder that is missing at start-up (an unmounted volume) must not cost a single article.
            var job = await jobs.StartAsync(prune: false, allowEmpty: false);
            await job.Completion.WaitAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The API still serves what the store holds; readiness reports the import as finished
            // so a bad source folder cannot keep the service out of rotation forever.
            LogImportFailed(e);
        }
        finally
        {
            state.MarkStartupImportFinished();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Start-up import failed")]
    private partial void LogImportFailed(Exception e);
}
