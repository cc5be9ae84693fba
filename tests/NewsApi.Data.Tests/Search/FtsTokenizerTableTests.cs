using System.Globalization;
using System.Text;
using NewsApi.Data.Search;

namespace NewsApi.Data.Tests.Search;

/// <summary>
/// <see cref="FtsTokenizer"/>'s tables against the SQLite the project ships, for every code point. FTS5 treats each
/// code point on its own (a word start, a continuation, or a separator; and what it folds to), so this decides the
/// tokenizer for every input. When SQLite is upgraded and this fails, regenerate the tables with
/// <c>UPDATE_FTS_TABLES=1 dotnet test tests/NewsApi.Data.Tests --filter FtsTokenizerTableTests</c> and review the diff.
/// </summary>
public sealed class FtsTokenizerTableTests
{
    private const int Batch = 8192;
    private const string Marker = "qqq";

    [Fact]
    public void Every_code_point_is_classified_and_folded_as_sqlite_fts5_does()
    {
        var (classes, folds) = ReadFromSqlite();

        if (Environment.GetEnvironmentVariable("UPDATE_FTS_TABLES") == "1")
        {
            File.WriteAllText(TablesPath(), Render(classes, folds));
            return;
        }

        var wrong = new List<string>();
        for (var cp = 1; cp <= 0x10FFFF && wrong.Count < 10; cp++)
        {
            if (IsSurrogate(cp))
            {
                continue;
            }

            var tokenizerClass = FtsTokenizer.Classify(cp);
            var tokenizerFold = FtsTokenizer.Fold(cp);
            if (tokenizerClass != classes[cp] || (classes[cp] != FtsTokenizer.CharClass.Separator && tokenizerFold != folds[cp]))
            {
                wrong.Add($"U+{cp:X4}: SQLite {classes[cp]} folding to U+{folds[cp]:X4}, FtsTokenizer {tokenizerClass} folding to U+{tokenizerFold:X4}");
            }
        }

        Assert.True(wrong.Count == 0, "FtsTokenizer differs from SQLite FTS5:\n" + string.Join('\n', wrong));
    }

    [Fact]
    public void The_tables_are_not_trivially_ascii()
    {
        // Guards the exhaustive test's premise: SQLite's tables decide non-ASCII characters, and .NET's differ from them.
        Assert.Equal(FtsTokenizer.CharClass.WordStart, FtsTokenizer.Classify('ж'));
        Assert.Equal(FtsTokenizer.CharClass.WordContinuation, FtsTokenizer.Classify(0x0301));
        Assert.Equal(FtsTokenizer.CharClass.Separator, FtsTokenizer.Classify(0x1F600));
        Assert.Equal('e', FtsTokenizer.Fold('É'));
        Assert.Equal(0, FtsTokenizer.Fold(0x0301));
    }

    // NUL is left out of the probes: Microsoft.Data.Sqlite hands SQLite a text parameter longer than about 512 UTF-8
    // bytes only up to its first NUL (a shorter one whole), so a probe text would end there. FTS5 itself reads NUL
    // as an ASCII separator, and the tables say so.
    private static bool IsSurrogate(int cp) => cp is >= 0xD800 and <= 0xDFFF;

    // Three probes per code point c, between markers: " cz" (can c start a word?), "zcz" (can it continue one, and
    // what does it fold to?) and " c " (does a word of c alone exist, even when c folds to nothing?).
    private static (FtsTokenizer.CharClass[] Classes, int[] Folds) ReadFromSqlite()
    {
        var classes = new FtsTokenizer.CharClass[0x110000];
        var folds = new int[0x110000];
        classes[0] = FtsTokenizer.CharClass.Separator;
        var codePoints = Enumerable.Range(1, 0x10FFFF).Where(cp => !IsSurrogate(cp)).ToArray();
        var texts = new List<string>();
        foreach (var chunk in codePoints.Chunk(Batch))
        {
            var text = new StringBuilder();
            foreach (var cp in chunk)
            {
                var c = char.ConvertFromUtf32(cp);
                text.Append($"{Marker} {c}z {Marker} z{c}z {Marker} {c} ");
            }

            texts.Add(text.Append(Marker).ToString());
        }

        var rows = Fts5Reference.Tokenize(texts);
        var row = 0;
        foreach (var chunk in codePoints.Chunk(Batch))
        {
            var groups = Groups(rows[row++]);
            Assert.Equal(chunk.Length * 3, groups.Count);
            for (var k = 0; k < chunk.Length; k++)
            {
                var cp = chunk[k];
                var (start, inside, alone) = (groups[3 * k], groups[(3 * k) + 1], groups[(3 * k) + 2]);
                if (inside.Count == 2)
                {
                    Assert.True(start is ["z"] && alone.Count == 0, $"U+{cp:X4} separates words but starts one");
                    classes[cp] = FtsTokenizer.CharClass.Separator;
                    folds[cp] = cp;
                    continue;
                }

                var fold = inside.Single()[1..^1];
                folds[cp] = fold.Length == 0 ? 0 : char.ConvertToUtf32(fold, 0);
                Assert.True(fold.Length == 0 || fold.Length == char.ConvertFromUtf32(folds[cp]).Length, $"U+{cp:X4} folds to more than one character");
                classes[cp] = start.Single() == fold + "z" && (fold.Length > 0 || alone.Count == 1)
                    ? FtsTokenizer.CharClass.WordStart
                    : FtsTokenizer.CharClass.WordContinuation;
            }
        }

        // Surrogates never reach the tables (the tokenizer reads a lone one as U+FFFD); they join U+FFFD's run.
        for (var cp = 0xD800; cp <= 0xDFFF; cp++)
        {
            classes[cp] = classes[0xFFFD];
            folds[cp] = cp;
        }

        return (classes, folds);
    }

    private static List<List<string>> Groups(List<string> tokens)
    {
        var groups = new List<List<string>>();
        foreach (var token in tokens)
        {
            if (token == Marker)
            {
                groups.Add([]);
            }
            else
            {
                groups[^1].Add(token);
            }
        }

        groups.RemoveAt(groups.Count - 1); // the closing marker
        return groups;
    }

    private static string TablesPath() =>
        Path.Combine(FtsTokenizerTests.RepoRoot(), "src", "NewsApi.Data", "Search", "FtsTokenizer.Tables.cs");

    private static string Render(FtsTokenizer.CharClass[] classes, int[] folds)
    {
        var starts = new List<int>();
        var values = new List<int>();
        for (var cp = 0; cp < classes.Length; cp++)
        {
            if (cp == 0 || classes[cp] != classes[cp - 1])
            {
                starts.Add(cp);
                values.Add((int)classes[cp]);
            }
        }

        var foldFrom = new List<int>();
        var foldTo = new List<int>();
        for (var cp = 0; cp < folds.Length; cp++)
        {
            if (classes[cp] != FtsTokenizer.CharClass.Separator && folds[cp] != cp)
            {
                foldFrom.Add(cp);
                foldTo.Add(folds[cp]);
            }
        }

        var sb = new StringBuilder();
        sb.Append("// <auto-generated/>\n")
            .Append("// Read out of SQLite ").Append(SqliteVersion()).Append("'s FTS5 tokenizer 'unicode61 remove_diacritics 2', one code point at a time,\n")
            .Append("// by FtsTokenizerTableTests (tests/NewsApi.Data.Tests) with UPDATE_FTS_TABLES=1. Do not edit by hand.\n")
            .Append("namespace NewsApi.Data.Search;\n\npublic static partial class FtsTokenizer\n{\n");
        Array(sb, "First code point of each run of one class", "ClassStarts", "int", starts);
        Array(sb, "The class of each run (0 separator, 1 word start, 2 word continuation)", "ClassValues", "byte", values);
        Array(sb, "Code points that fold to something else, ascending", "FoldFrom", "int", foldFrom);
        Array(sb, "What each of FoldFrom folds to (0: dropped)", "FoldTo", "int", foldTo);
        sb.Length -= 1; // no blank line before the closing brace
        return sb.Append("}\n").ToString();
    }

    private static void Array(StringBuilder sb, string comment, string name, string type, List<int> items)
    {
        sb.Append("    // ").Append(comment).Append(".\n");
        sb.Append("    private static ReadOnlySpan<").Append(type).Append("> ").Append(name).Append(" =>\n    [\n");
        foreach (var line in items.Chunk(16))
        {
            sb.Append("        ").AppendJoin(", ", line.Select(i => i.ToString(CultureInfo.InvariantCulture))).Append(",\n");
        }

        sb.Append("    ];\n\n");
    }

    private static string SqliteVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return (string)command.ExecuteScalar()!;
    }
}
