using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NewsApi.Parsing;

namespace NewsApi.Benchmarks;

/// <summary>The parser alone, on the seed article and on the whole shared corpus held in memory.</summary>
/// <remarks>Run: <c>dotnet run -c Release --project bench/NewsApi.Benchmarks -- --filter "*Parser*" --job short</c>.</remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ParserBenchmarks
{
    private byte[] seed = [];
    private byte[][] corpus = [];

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }

    /// <summary>Bytes one invocation of a benchmark method parses; used by <see cref="ThroughputColumn"/> in the host process.</summary>
    public static long BytesPerOperation(string method) => method switch
    {
        nameof(ParseSeed) => new FileInfo(BenchmarkInputs.Seed).Length,
        nameof(ParseCorpus) => BenchmarkInputs.CorpusFiles().Sum(f => new FileInfo(f).Length),
        _ => 0,
    };

    [GlobalSetup]
    public void Setup()
    {
        seed = File.ReadAllBytes(BenchmarkInputs.Seed);
        corpus = [.. BenchmarkInputs.CorpusFiles().Select(File.ReadAllBytes)];
    }

    [Benchmark]
    public ParseResult ParseSeed() => ArticleParser.Parse(seed, "000_0782390d389fb1a1.txt");

    [Benchmark]
    public int ParseCorpus()
    {
        var blocks = 0;
        foreach (var file in corpus)
        {
            blocks += ArticleParser.Parse(file, "corpus.txt").Article?.Blocks.Count ?? 0;
        }

        return blocks;
    }
}
