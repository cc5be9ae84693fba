namespace NewsApi.Benchmarks;

/// <summary>Finds the inputs: the repository (the folder holding NewsApi.sln) and the shared corpus beside it.</summary>
public static class BenchmarkInputs
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Seed => Path.Combine(RepoRoot, "data", "articles", "000_0782390d389fb1a1.txt");

    public static string Corpus => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    public static IReadOnlyList<string> CorpusFiles() =>
        [.. Directory.EnumerateFiles(Corpus, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) is not ("README.md" or "FORMAT-NOTES.md" or "MANIFEST.tsv" or "LICENSE-NOTICE.txt" or "README.TXT"))
            .Order(StringComparer.Ordinal)];

    private static string FindRoot()
    {
        // BenchmarkDotNet runs each benchmark from a generated project under bin/, so walk up from both places.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NewsApi.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("NewsApi.sln not found above " + AppContext.BaseDirectory);
    }
}
