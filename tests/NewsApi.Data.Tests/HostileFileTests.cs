using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace NewsApi.Data.Tests;

/// <summary>
/// Issue 7, "every input is hostile until shown otherwise", for source files: over a thousand files made by mutating
/// the seed and a few fixtures (bit flips, truncation, NULs, huge lines, foreign and broken encodings, thousands of
/// teasers or captions, deep tag nesting, whitespace, a lone BOM) are imported next to good files by the real
/// importer. The import completes, every skipped file is reported with a reason in the summary and in the import
/// log, the counts add up, and every good article is stored exactly as a clean import of the good files alone stores it.
/// </summary>
public sealed class HostileFileTests(ITestOutputHelper output) : IDisposable
{
    private const int Seed = 7;
    private const int MutantCount = 1_100;

    private readonly TempStore _hostile = new();
    private readonly TempStore _clean = new();

    public void Dispose()
    {
        _hostile.Dispose();
        _clean.Dispose();
    }

    [Fact]
    public async Task Hostile_files_are_imported_or_reported_and_never_disturb_the_good_articles()
    {
        var good = GoodFiles();
        var hostile = HostileFiles.Generate(Seed, MutantCount, good.Select(g => g.Bytes).ToList());
        foreach (var (file, bytes) in good)
        {
            _hostile.WriteBytes(file, bytes);
            _clean.WriteBytes(file, bytes);
        }

        foreach (var (file, bytes) in hostile)
        {
            _hostile.WriteBytes(file, bytes);
        }

        var summary = await _hostile.ImportAsync();
        var clean = await _clean.ImportAsync();

        var skippedByCode = summary.Skipped.GroupBy(s => s.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}");
        output.WriteLine($"{hostile.Count} hostile + {good.Count} good files: {summary.Imported} imported, {summary.Skipped.Count} skipped " +
            $"({string.Join(", ", skippedByCode)}) in {summary.Elapsed.TotalSeconds:F1} s");

        // Counts add up.
        Assert.True(hostile.Count >= 1_000, $"only {hostile.Count} hostile files");
        Assert.Equal(good.Count + hostile.Count, summary.FilesSeen);
        Assert.Equal(summary.FilesSeen, summary.Imported + summary.Unchanged + summary.Skipped.Count);
        Assert.Equal((0, 0), (summary.Updated, summary.Removed));
        Assert.Equal((good.Count, 0), (clean.Imported, clean.Skipped.Count));

        // A battery where nothing was skipped, or nothing imported, tests less than it claims.
        Assert.InRange(summary.Skipped.Count, 50, hostile.Count - 50);

        // Every skipped file is a hostile one, reported with a reason in the summary and in the import log.
        var hostileNames = hostile.Select(h => h.File).ToHashSet(StringComparer.Ordinal);
        Assert.All(summary.Skipped, s =>
        {
            Assert.Contains(s.FileName, hostileNames);
            Assert.False(string.IsNullOrWhiteSpace(s.Code), s.FileName);
            Assert.False(string.IsNullOrWhiteSpace(s.Message), s.FileName);
        });
        await AssertImportLogAsync(summary);

        // Every good article is stored as the clean import stores it.
        var goodNames = good.Select(g => g.File).ToList();
        Assert.Equal(Rows(_clean, goodNames), Rows(_hostile, goodNames));

        // A second run over the same folder finds nothing to do but skip the same files again.
        var again = await _hostile.ImportAsync();
        Assert.Equal((summary.Imported, summary.Skipped.Count, 0, 0, 0), (again.Unchanged, again.Skipped.Count, again.Imported, again.Updated, again.Removed));
    }

    private async Task AssertImportLogAsync(Import.ImportSummary summary)
    {
        await using var db = _hostile.CreateContext();
        var run = await db.ImportRuns.AsNoTracking().SingleAsync(r => r.Id == summary.RunId);
        Assert.Equal("completed", run.Status);
        Assert.Equal((summary.FilesSeen, summary.Imported, summary.Unchanged, summary.Skipped.Count),
            (run.FilesSeen, run.Imported, run.Unchanged, run.Skipped));

        var logged = await db.ImportFileResults.AsNoTracking()
            .Where(f => f.ImportRunId == summary.RunId && f.Outcome == "skipped")
            .ToDictionaryAsync(f => f.FileName, StringComparer.Ordinal);
        Assert.Equal(summary.Skipped.Select(s => s.FileName).Order(StringComparer.Ordinal), logged.Keys.Order(StringComparer.Ordinal));
        Assert.All(summary.Skipped, s =>
        {
            var diagnostics = logged[s.FileName].Diagnostics;
            Assert.Contains(diagnostics, d => d.Code == s.Code);
            Assert.All(diagnostics, d =>
            {
                Assert.False(string.IsNullOrWhiteSpace(d.Code), s.FileName);
                Assert.False(string.IsNullOrWhiteSpace(d.Message), s.FileName);
            });
        });
    }

    /// <summary>
    /// The content rows of the given files' articles, keyed by source file and position instead of ids (ids depend on
    /// what else the store holds), with a related link's target named by its source file.
    /// </summary>
    private static List<string> Rows(TempStore store, IReadOnlyList<string> files)
    {
        using var connection = new SqliteConnection(store.ConnectionString);
        connection.Open();
        var names = string.Join(", ", files.Select((_, i) => "$f" + i));
        var rows = new List<string>();
        foreach (var sql in new[]
        {
            $"""
            SELECT a.SourceFileName, a.Slug, a.Title, a.NormalizedTitle, a.Summary, a.WordCount, a.ImageCount, a.RelatedLinkCount,
                   a.Sha256, a.SourceSize, a.SourceEncoding, a.SourceLineEndings, a.DiagnosticsJson
            FROM Articles a WHERE a.SourceFileName IN ({names}) ORDER BY a.SourceFileName
            """,
            $"""
            SELECT a.SourceFileName, b.Position, b.Type, b.Text, i.Position, r.Position, b.FirstLine, b.LastLine
            FROM BodyBlocks b JOIN Articles a ON a.Id = b.ArticleId
            LEFT JOIN Images i ON i.Id = b.ImageId LEFT JOIN RelatedLinks r ON r.Id = b.RelatedLinkId
            WHERE a.SourceFileName IN ({names}) ORDER BY a.SourceFileName, b.Position
            """,
            $"""
            SELECT a.SourceFileName, i.Position, i.Caption, i.Credit, i.CreditAgency, i.CreditPhotographer, i.FirstLine, i.LastLine
            FROM Images i JOIN Articles a ON a.Id = i.ArticleId
            WHERE a.SourceFileName IN ({names}) ORDER BY a.SourceFileName, i.Position
            """,
            $"""
            SELECT a.SourceFileName, r.Position, r.Title, r.NormalizedTitle, r.Marker, t.SourceFileName, r.FirstLine, r.LastLine
            FROM RelatedLinks r JOIN Articles a ON a.Id = r.ArticleId LEFT JOIN Articles t ON t.Id = r.TargetArticleId
            WHERE a.SourceFileName IN ({names}) ORDER BY a.SourceFileName, r.Position
            """,
            $"""
            SELECT a.SourceFileName, s.Title, s.Body, s.Captions
            FROM ArticleSearch s JOIN Articles a ON a.Id = s.rowid
            WHERE a.SourceFileName IN ({names}) ORDER BY a.SourceFileName
            """,
            $"""
            SELECT a.SourceFileName, i.Position, s.Caption, s.Credit
            FROM ImageSearch s JOIN Images i ON i.Id = s.rowid JOIN Articles a ON a.Id = i.ArticleId
            WHERE a.SourceFileName IN ({names}) ORDER BY a.SourceFileName, i.Position
            """,
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < files.Count; i++)
            {
                command.Parameters.AddWithValue("$f" + i, files[i]);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var sb = new StringBuilder();
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    sb.Append(reader.IsDBNull(c) ? "NULL" : Convert.ToString(reader.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                rows.Add(sb.ToString());
            }

            rows.Add("--");
        }

        return rows;
    }

    /// <summary>The seed and a few fixtures; their names sort before every hostile file, so they take ids and slugs first.</summary>
    private static List<(string File, byte[] Bytes)> GoodFiles()
    {
        var seed = File.ReadAllBytes(Path.Combine(RepoRoot(), "data", "articles", "000_0782390d389fb1a1.txt"));
        var utf8 = new UTF8Encoding(false);
        return
        [
            ("000_0782390d389fb1a1.txt", seed),
            ("001_good_crocodile.txt", utf8.GetBytes(Articles.Make(
                "Indonesian woman mauled to death by pet crocodile after falling into its enclosure",
                "<em>The crocodile in its enclosure (Picture: AFP/Getty Images)</em>\nThe crocodile in its enclosure (Picture: AFP/Getty Images)\n\nA woman was killed by a pet crocodile at a pearl farm, police said.",
                "North Korean officials head to US amid suggestions of second Trump/Kim summit"))),
            ("002_good_cafe.txt", utf8.GetBytes(Articles.Make("Zürich café owners protest new rules on terraces",
                "Owners of cafés in Zürich protested on Monday against rules that would close their terraces at ten.",
                "Indonesian woman mauled to death by pet crocodile after falling into its enclosure"))),
            ("003_good_budget.txt", utf8.GetBytes(Articles.Make("Parliament debates budget for the coming year",
                "Members of parliament debated the budget on Tuesday.\n\nThe finance minister defended spending on roads and schools."))),
            ("004_good_crlf.txt", utf8.GetBytes(Articles.Make("Harbour timetable changes for winter",
                "The hovercraft will leave the harbour an hour later from November.").Replace("\n", "\r\n", StringComparison.Ordinal))),
            ("005_good_cp1252.txt", Encoding.Latin1.GetBytes(Articles.Make("Fête de la musique draws record crowds in Besançon",
                "Crowds filled the streets of Besançon for the fête."))),
        ];
    }

    private static string RepoRoot()
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

/// <summary>The generator: a fixed seed gives the same files on every run.</summary>
internal static class HostileFiles
{
    public static List<(string File, byte[] Bytes)> Generate(int seed, int mutants, IReadOnlyList<byte[]> sources)
    {
        var random = new Random(seed);
        var files = new List<(string, byte[])>();
        foreach (var (name, bytes) in Fixed(sources[0]))
        {
            files.Add(($"h_fixed_{name}.txt", bytes));
        }

        for (var i = 0; i < mutants; i++)
        {
            var source = sources[random.Next(sources.Count)];
            var (kind, bytes) = Mutate(random, source, i);
            files.Add(($"h_{i:0000}_{kind}.txt", bytes));
        }

        return files;
    }

    /// <summary>The named shapes from issue 7, once each.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Fixed(byte[] seed)
    {
        var text = Encoding.UTF8.GetString(seed);
        var utf8 = new UTF8Encoding(false);
        yield return ("empty", []);
        yield return ("only_bom", [0xEF, 0xBB, 0xBF]);
        yield return ("only_utf16_bom", [0xFF, 0xFE]);
        yield return ("only_whitespace", utf8.GetBytes(" \t\n\r\n   \n\u00A0\u2003\n"));
        yield return ("bom_and_whitespace", [0xEF, 0xBB, 0xBF, 0x20, 0x0A, 0x0A, 0x09]);
        yield return ("only_newlines", utf8.GetBytes(new string('\n', 10_000)));
        yield return ("huge_body_line", utf8.GetBytes("Headline of an article with a huge line\n\n" + new string('w', 1024 * 1024) + "\n"));
        yield return ("huge_headline", utf8.GetBytes(new string('h', 1024 * 1024) + "\n\nA body.\n"));
        yield return ("huge_words", utf8.GetBytes("Huge words headline\n\n" + string.Join(' ', Enumerable.Repeat("word", 200_000)) + "\n"));
        yield return ("teasers_10000", utf8.GetBytes("Ten thousand teasers\n\nA paragraph.\n\n" +
            string.Concat(Enumerable.Range(0, 10_000).Select(i => $"MORE: Teaser number {i} about something\n"))));
        yield return ("captions_5000", utf8.GetBytes("Five thousand captions\n\n" +
            string.Concat(Enumerable.Range(0, 5_000).Select(i => $"<em>Caption {i} (Picture: AGENCY/Name {i})</em>\nCaption {i} (Picture: AGENCY/Name {i})\n\n"))));
        yield return ("em_nesting_10000", utf8.GetBytes("Deeply nested emphasis\n\n" + string.Concat(Enumerable.Repeat("<em>", 10_000)) + "x" +
            string.Concat(Enumerable.Repeat("</em>", 10_000)) + "\n\nA paragraph.\n"));
        yield return ("em_unclosed_10000", utf8.GetBytes("Unclosed emphasis\n\n" + string.Concat(Enumerable.Repeat("<em>", 10_000)) + "\n"));
        yield return ("tags_everywhere", utf8.GetBytes("<em>Headline</em> <b>in</b> <script>alert(1)</script>\n\n<iframe src=x></iframe>\n"));
        yield return ("utf16le_bom", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        yield return ("utf16le_no_bom", Encoding.Unicode.GetBytes(text));
        yield return ("utf16be_bom", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]);
        yield return ("utf16be_no_bom", Encoding.BigEndianUnicode.GetBytes(text));
        yield return ("utf32_bom", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)]);
        yield return ("latin1", Encoding.Latin1.GetBytes(text.Replace('’', '\'')));
        yield return ("cp1252_quotes", Encoding.Latin1.GetBytes("Headline with \u0093smart\u0094 quotes and \u0080 euro\n\nBody \u0085 ellipsis \u009D.\n"));
        yield return ("invalid_utf8", [.. "Headline with broken bytes\n\n"u8.ToArray(), 0xC0, 0xAE, 0xFF, 0xFE, 0xED, 0xA0, 0x80, 0xF4, 0x90, 0x80, 0x80, 0x0A]);
        yield return ("cr_only", utf8.GetBytes(text.Replace("\n", "\r", StringComparison.Ordinal)));
        yield return ("nul_everywhere", seed.SelectMany(b => new byte[] { b, 0 }).ToArray());
        yield return ("random_bytes", RandomBytes(new Random(1), 4096));
        yield return ("control_chars", utf8.GetBytes("Control \u0001\u0002\u001B[31m headline\n\n\u0007Bell \u0008 backspace \u000B\u000C\n"));
        yield return ("bidi_and_zero_width", utf8.GetBytes("\u202Egnirts desrever\u202C headline\u200B\u200D\n\n\uFEFF\u2066body\u2069\n"));
        yield return ("lone_surrogates_as_cesu", [.. "Headline "u8.ToArray(), 0xED, 0xA0, 0xBD, 0xED, 0xB0, 0x80, 0x0A, 0x0A, .. "Body.\n"u8.ToArray()]);
        yield return ("many_lines", utf8.GetBytes("Many lines\n\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => "l\n"))));
        yield return ("headline_only", utf8.GetBytes("A headline and nothing else\n"));
        yield return ("more_only", utf8.GetBytes("MORE: Only a teaser\n"));
    }

    private static (string Kind, byte[] Bytes) Mutate(Random random, byte[] source, int i)
    {
        var bytes = (byte[])source.Clone();
        switch (i % 12)
        {
            case 0:
            case 1:
                {
                    var flips = 1 + random.Next(i % 2 == 0 ? 3 : 40);
                    for (var f = 0; f < flips; f++)
                    {
                        var at = random.Next(bytes.Length);
                        bytes[at] ^= (byte)(1 << random.Next(8));
                    }

                    return ("bitflip", bytes);
                }

            case 2:
                return ("truncate", bytes[..random.Next(bytes.Length)]);
            case 3:
                {
                    var list = bytes.ToList();
                    for (var n = 1 + random.Next(5); n > 0; n--)
                    {
                        list.Insert(random.Next(list.Count + 1), 0);
                    }

                    return ("nul", [.. list]);
                }

            case 4:
                {
                    var list = bytes.ToList();
                    for (var n = 1 + random.Next(10); n > 0; n--)
                    {
                        list.Insert(random.Next(list.Count + 1), (byte)(0x80 + random.Next(0x80)));
                    }

                    return ("badutf8", [.. list]);
                }

            case 5:
                {
                    var text = Decode(bytes);
                    return random.Next(4) switch
                    {
                        0 => ("utf16le", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]),
                        1 => ("utf16le_nobom", Encoding.Unicode.GetBytes(text)),
                        2 => ("utf16be", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]),
                        _ => ("latin1", Encoding.Latin1.GetBytes(text)),
                    };
                }

            case 6:
                {
                    // Whole lines deleted, duplicated or swapped.
                    var lines = Decode(bytes).Split('\n').ToList();
                    for (var n = 1 + random.Next(4); n > 0 && lines.Count > 1; n--)
                    {
                        var at = random.Next(lines.Count);
                        switch (random.Next(3))
                        {
                            case 0:
                                lines.RemoveAt(at);
                                break;
                            case 1:
                                lines.Insert(at, lines[random.Next(lines.Count)]);
                                break;
                            default:
                                (lines[at], lines[^1]) = (lines[^1], lines[at]);
                                break;
                        }
                    }

                    return ("lines", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
                }

            case 7:
                {
                    // Markup and teaser syntax injected at random points.
                    string[] fragments = ["<em>", "</em>", "<em>(Picture: ", ")", "MORE: ", "\nMORE:\n", "<", ">", "<em><em><em>", "(Picture: /)", "\r", "\u2028", "\uFEFF"];
                    var text = Decode(bytes);
                    for (var n = 1 + random.Next(6); n > 0; n--)
                    {
                        text = text.Insert(random.Next(text.Length + 1), fragments[random.Next(fragments.Length)]);
                    }

                    return ("markup", Encoding.UTF8.GetBytes(text));
                }

            case 8:
                return ("prefix_random", [.. RandomBytes(random, 1 + random.Next(64)), .. bytes]);
            case 9:
                return ("random", RandomBytes(random, random.Next(1, 8192)));
            case 10:
                {
                    // A long line spliced in: up to 256 KB without a newline.
                    var at = random.Next(bytes.Length);
                    var line = Encoding.UTF8.GetBytes(new string((char)('a' + random.Next(26)), random.Next(1_000, 256 * 1024)));
                    return ("longline", [.. bytes[..at], .. line, .. bytes[at..]]);
                }

            default:
                return ("whitespace", Encoding.UTF8.GetBytes(new string(' ', random.Next(0, 50)) + new string('\n', random.Next(0, 50))));
        }
    }

    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
