using System.Text;

namespace NewsApi.Parsing.Tests;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Seed => Path.Combine(Root, "data", "articles", "000_0782390d389fb1a1.txt");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NewsApi.sln not found above " + AppContext.BaseDirectory);
    }
}

internal static class Parse
{
    public static ParseResult Text(string text, string fileName = "test.txt") => Bytes(Encoding.UTF8.GetBytes(text), fileName);

    public static ParseResult Bytes(byte[] bytes, string fileName = "test.txt")
    {
        var result = ArticleParser.Parse(bytes, fileName);
        Invariants.AssertHold(bytes, result);
        return result;
    }

    public static ParsedArticle Article(string text)
    {
        var result = Text(text);
        Assert.True(result.Succeeded, string.Join("; ", result.Diagnostics.Select(d => $"{d.Code}@{d.Line}: {d.Message}")));
        return result.Article!;
    }
}

/// <summary>
/// The "no line lost" contract. Every non-blank source line is claimed by the headline, a block's range, a
/// boilerplate line or a diagnostic; blocks come in reading order and overlap only on a shared boundary line
/// (one source line split into several blocks, e.g. flattened teasers); boilerplate never sits inside a
/// paragraph, and inside a teaser only when that teaser's line was split; paragraphs are trimmed and non-empty.
/// </summary>
internal static class Invariants
{
    public static IReadOnlyList<string> Check(ReadOnlySpan<byte> bytes, ParseResult result)
    {
        var problems = new List<string>();
        var source = SourceText.Decode(bytes);
        if (result.Article is not { } article)
        {
            if (!result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                problems.Add("no article but no error diagnostic");
            }

            return problems;
        }

        if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            problems.Add("an article together with an error diagnostic");
        }

        if (article.Headline.Length == 0 || article.Headline != article.Headline.Trim())
        {
            problems.Add($"bad headline '{article.Headline}'");
        }

        var lineCount = source.Lines.Count;
        var claimed = new bool[lineCount + 2];
        void Claim(int first, int last, string what)
        {
            if (first < 1 || last > lineCount || first > last)
            {
                problems.Add($"{what} has range {first}-{last} outside 1-{lineCount}");
                return;
            }

            for (var n = first; n <= last; n++)
            {
                claimed[n] = true;
            }
        }

        Claim(article.HeadlineLine, article.HeadlineLine, "headline");
        Block? previous = null;
        foreach (var block in article.Blocks)
        {
            Claim(block.Lines.First, block.Lines.Last, block.ToString());
            if (previous is not null && block.Lines.First < previous.Lines.Last)
            {
                problems.Add($"{block} overlaps or precedes {previous}");
            }

            if (block.Lines.First <= article.HeadlineLine && article.HeadlineLine <= block.Lines.Last)
            {
                problems.Add($"{block} covers the headline line");
            }

            switch (block)
            {
                case ParagraphBlock p when p.Text.Length == 0 || p.Text != p.Text.Trim():
                    problems.Add($"untrimmed or empty paragraph at {p.Lines}");
                    break;
                case RelatedLinkBlock t when t.Marker.Length == 0 || t.Marker != t.Marker.ToUpperInvariant() || t.Headline != t.Headline.Trim() || t.Headline.Length == 0:
                    problems.Add($"bad teaser {t}");
                    break;
                case ImageBlock i when i.Caption != i.Caption.Trim() || (i.Caption.Length == 0 && i.Credit is null):
                    problems.Add($"bad image {i}");
                    break;
            }

            previous = block;
        }

        foreach (var m in article.Metadata)
        {
            Claim(m.Lines.First, m.Lines.Last, $"metadata {m}");
        }

        var seenBoilerplate = new HashSet<int>();
        foreach (var b in article.Boilerplate)
        {
            Claim(b.Line, b.Line, $"boilerplate {b}");
            if (!seenBoilerplate.Add(b.Line))
            {
                problems.Add($"boilerplate line {b.Line} listed twice");
            }

            foreach (var block in article.Blocks)
            {
                var inside = block.Lines.First <= b.Line && b.Line <= block.Lines.Last;
                if (inside && (block is ParagraphBlock && block.Lines.First != block.Lines.Last || block is RelatedLinkBlock && block.Lines.First != block.Lines.Last))
                {
                    problems.Add($"boilerplate line {b.Line} inside {block}");
                }
            }
        }

        foreach (var d in result.Diagnostics)
        {
            if (d.Line > 0 && d.Line <= lineCount)
            {
                claimed[d.Line] = true;
            }
        }

        for (var n = 1; n <= lineCount; n++)
        {
            if (!claimed[n] && !string.IsNullOrWhiteSpace(source.Lines[n - 1]))
            {
                problems.Add($"line {n} is not accounted for: '{Short(source.Lines[n - 1])}'");
            }
        }

        return problems;
    }

    public static void AssertHold(ReadOnlySpan<byte> bytes, ParseResult result)
    {
        var problems = Check(bytes, result);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static string Short(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
