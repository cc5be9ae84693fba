using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NewsApi.Data;
using NewsApi.Data.Import;

namespace NewsApi.Benchmarks;

/// <summary>
/// Generated article folders and SQLite stores for the query and import benchmarks, cached under /tmp like
/// bench/run.sh does (the same folder names, so either reuses the other's generated articles).
/// </summary>
public static class BenchmarkStore
{
    public static string WorkDirectory { get; } = Environment.GetEnvironmentVariable("BENCH_WORK") is { Length: > 0 } work
        ? work
        : Path.Combine(Path.GetTempPath(), "newsapi-bench");

    /// <summary>A folder of <paramref name="count"/> generated articles, made once by bench/NewsApi.Generator.</summary>
    public static string GeneratedFolder(int count, ulong seed)
    {
        var folder = Path.Combine(WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"articles-{count}-seed{seed}"));
        if (File.Exists(Path.Combine(folder, ".complete")))
        {
            return folder;
        }

        var partial = folder + ".partial." + Environment.ProcessId;
        var project = Path.Combine(BenchmarkInputs.RepoRoot, "bench", "NewsApi.Generator");
        Run("dotnet", "run", "-c", "Release", "--project", project, "--", "--count", count.ToString(CultureInfo.InvariantCulture),
            "--out", partial, "--seed", seed.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(partial, ".complete"), string.Empty);
        try
        {
            Directory.Move(partial, folder);
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, ".complete")))
        {
            Directory.Delete(partial, recursive: true); // another benchmark process got there first
        }

        return folder;
    }

    /// <summary>Options as the app configures them: the file, foreign keys on, Microsoft.Data.Sqlite's connection pool.</summary>
    public static DbContextOptions<NewsDbContext> Options(string databasePath) =>
        new DbContextOptionsBuilder<NewsDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder { DataSource = databasePath, ForeignKeys = true }.ToString())
            .Options;

    /// <summary>
    /// A store holding the generated folder, imported with the real importer. Cached per NewsApi.Data build (its
    /// module version id), so each benchmark process reuses it but a changed importer or schema gets a new one.
    /// </summary>
    public static string ImportedStore(int count, ulong seed)
    {
        var folder = GeneratedFolder(count, seed);
        var build = typeof(NewsDbContext).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var path = Path.Combine(WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"bdn-store-{count}-seed{seed}-{build}.db"));
        if (File.Exists(path))
        {
            return path;
        }

        var partial = path + ".partial." + Environment.ProcessId;
        CreateAndImportAsync(folder, partial).GetAwaiter().GetResult();
        SqliteConnection.ClearAllPools();
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>A fresh, migrated, empty store in WAL mode, as the app and the import verb leave it.</summary>
    public static NewsDbContext CreateEmpty(string databasePath)
    {
        Delete(databasePath);
        var db = new NewsDbContext(Options(databasePath));
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode = WAL;");
        return db;
    }

    public static ArticleImporter Importer(NewsDbContext db) => new(db, NullLogger<ArticleImporter>.Instance, TimeProvider.System);

    public static void Delete(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(databasePath + suffix);
        }
    }

    private static async Task CreateAndImportAsync(string folder, string databasePath)
    {
        await using (var db = CreateEmpty(databasePath))
        {
            var summary = await Importer(db).ImportAsync(folder);
            if (summary.Imported == 0)
            {
                throw new InvalidOperationException($"Nothing imported from {folder}.");
            }
        }

        // Fold the WAL into the file so the store is one file that can be renamed (it stays in WAL mode, like the app's).
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        File.Delete(databasePath + "-wal");
        File.Delete(databasePath + "-shm");
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stdout.Result}{stderr.Result}");
        }
    }
}
