using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using NewsApi.Data;
using NewsApi.Data.Import;

namespace NewsApi.Benchmarks;

/// <summary>
/// The real importer over generated files: into a fresh store, and again over the unchanged folder (hash only).
/// Each iteration is one import (the monitoring strategy), with the store prepared outside the measurement.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release --project bench/NewsApi.Benchmarks -- --filter "*ImportBenchmarks*"</c>.
/// Folder size: <c>BENCH_IMPORT_COUNT</c> (default 1,000 articles).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
public class ImportBenchmarks
{
    private string folder = string.Empty;
    private string database = string.Empty;
    private NewsDbContext? db;

    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("BENCH_IMPORT_COUNT"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1_000;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ArticlesPerSecondColumn());
    }

    [GlobalSetup]
    public void Setup()
    {
        folder = BenchmarkStore.GeneratedFolder(Count, 42);
        database = Path.Combine(BenchmarkStore.WorkDirectory, $"bdn-import-{Environment.ProcessId}.db");
    }

    [IterationSetup(Target = nameof(ImportFresh))]
    public void FreshStore() => db = BenchmarkStore.CreateEmpty(database);

    [IterationSetup(Target = nameof(ReimportUnchanged))]
    public void ImportedStore()
    {
        db = BenchmarkStore.CreateEmpty(database);
        BenchmarkStore.Importer(db).ImportAsync(folder).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup()
    {
        db?.Dispose();
        db = null;
    }

    [GlobalCleanup]
    public void Remove() => BenchmarkStore.Delete(database);

    /// <summary>Every file read, hashed, parsed and written, teasers resolved.</summary>
    [Benchmark]
    public Task<ImportSummary> ImportFresh() => BenchmarkStore.Importer(db!).ImportAsync(folder);

    /// <summary>Every file read and hashed, nothing parsed or written.</summary>
    [Benchmark]
    public Task<ImportSummary> ReimportUnchanged() => BenchmarkStore.Importer(db!).ImportAsync(folder);

    /// <summary>Articles (files) per second from the mean.</summary>
    private sealed class ArticlesPerSecondColumn : IColumn
    {
        public string Id => nameof(ArticlesPerSecondColumn);
        public string ColumnName => "articles/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Source files imported (or checked) per second, computed from Mean";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics?.Mean is > 0 and var ns
                ? (Count / (ns / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
                : "-";

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
