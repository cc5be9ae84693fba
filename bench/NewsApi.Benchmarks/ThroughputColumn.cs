using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NewsApi.Benchmarks;

/// <summary>MB/s (10^6 bytes of source text per second) from the mean time and the bytes one operation parses.</summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Source megabytes (10^6 bytes) parsed per second, computed from Mean";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var bytes = ParserBenchmarks.BytesPerOperation(benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (meanNs is not > 0 || bytes <= 0)
        {
            return "-";
        }

        var mbPerSecond = bytes / 1e6 / (meanNs.Value / 1e9);
        return mbPerSecond.ToString("N1", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
