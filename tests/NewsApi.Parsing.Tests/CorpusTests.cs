namespace NewsApi.Parsing.Tests;

/// <summary>Real third-party files, read in place from the shared corpus (never copied into the repository).</summary>
public class CorpusTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var path in CorpusFiles())
        {
            data.Add(Path.GetRelativePath(RepoPaths.Corpus, path));
        }

        return data;
    }

    private static IEnumerable<string> CorpusFiles() =>
        Directory.EnumerateFiles(RepoPaths.Corpus, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) is not ("README.md" or "FORMAT-NOTES.md" or "MANIFEST.tsv" or "LICENSE-NOTICE.txt" or "README.TXT"))
            .Order(StringComparer.Ordinal);

    private static ParseResult Load(string relative) =>
        Parse.Bytes(File.ReadAllBytes(Path.Combine(RepoPaths.Corpus, relative)), Path.GetFileName(relative));

    [Fact]
    public void The_corpus_is_there()
    {
        Assert.True(CorpusFiles().Count() >= 270, "expected the 270 article files of shared/corpus");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_file_parses_and_accounts_for_every_line(string relative)
    {
        // Parse.Bytes checks the invariants.
        var result = Load(relative);
        Assert.Equal(result.Article is not null, result.Succeeded);
    }
}
