using System.Text;

namespace NewsApi.Data.Search;

/// <summary>One word of a text as the search index stores it.</summary>
/// <param name="Text">The word, folded: lower case, Latin diacritics removed.</param>
/// <param name="Start">Where the word starts in the original string, in UTF-16 code units.</param>
/// <param name="Length">How long it is in the original string, in UTF-16 code units.</param>
public readonly record struct FtsToken(string Text, int Start, int Length);

/// <summary>
/// Splits and folds text exactly as SQLite FTS5's <c>unicode61 remove_diacritics 2</c> tokenizer does (the tokenizer
/// of the <c>ArticleSearch</c> and <c>ImageSearch</c> tables), so a provider without FTS5 can index and query the same
/// words and highlight them the same way.
/// </summary>
/// <remarks>
/// <para>
/// FTS5 decides per code point, from its own Unicode tables, which are older than .NET's: a character is a
/// <em>word start</em> (letters, digits, private use), a <em>word continuation</em> only (the combining diacritics
/// U+0300 to U+0331 that FTS5 strips), or a separator (everything else, emoji and punctuation included, so
/// <c>4.4m-long</c> is <c>4</c>, <c>4m</c>, <c>long</c> and <c>don't</c> is <c>don</c>, <c>t</c>). Each
/// character of a word is folded on its own: lower case (simple folding, and only in the Basic Multilingual
/// Plane and Deseret), then a Latin letter with diacritics becomes its base letter; a diacritic folds to nothing.
/// </para>
/// <para>
/// The tables in <c>FtsTokenizer.Tables.cs</c> are not typed in or derived from .NET's character data: they
/// were read out of the SQLite library the project ships, one code point at a time, and a test compares them with
/// that library for every code point (see <c>FtsTokenizerTests</c> in NewsApi.Data.Tests, which also regenerates
/// them when SQLite is upgraded). A lone surrogate counts as U+FFFD, as it does once the text is UTF-8 for SQLite.
/// </para>
/// </remarks>
public static partial class FtsTokenizer
{
    /// <summary>What FTS5 makes of one code point.</summary>
    public enum CharClass : byte
    {
        /// <summary>Ends a word and is not part of any.</summary>
        Separator = 0,

        /// <summary>Starts a word or continues one.</summary>
        WordStart = 1,

        /// <summary>Continues a word but cannot start one (a combining diacritic).</summary>
        WordContinuation = 2,
    }

    /// <summary>The words of <paramref name="text"/>, folded, in order, with where each one is.</summary>
    public static IReadOnlyList<FtsToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<FtsToken>();
        var folded = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var (rune, width) = Read(text, i);
            if (Classify(rune) != CharClass.WordStart)
            {
                i += width;
                continue;
            }

            var start = i;
            folded.Clear();
            do
            {
                var fold = Fold(rune);
                if (fold != 0)
                {
                    folded.Append(char.ConvertFromUtf32(fold));
                }

                i += width;
                if (i >= text.Length)
                {
                    break;
                }

                (rune, width) = Read(text, i);
            }
            while (Classify(rune) != CharClass.Separator);

            tokens.Add(new FtsToken(folded.ToString(), start, i - start));
        }

        return tokens;
    }

    /// <summary>The folded words of <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> Words(string text) => Tokenize(text).Select(t => t.Text);

    /// <summary>What FTS5 makes of the code point <paramref name="codePoint"/>.</summary>
    public static CharClass Classify(int codePoint)
    {
        var classes = ClassStarts;
        var index = classes.BinarySearch(codePoint);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return index < 0 ? CharClass.Separator : (CharClass)ClassValues[index];
    }

    /// <summary>
    /// The code point FTS5 stores for <paramref name="codePoint"/> inside a word: its lower case without Latin
    /// diacritics, or 0 when it is dropped (a diacritic).
    /// </summary>
    public static int Fold(int codePoint)
    {
        var index = FoldFrom.BinarySearch(codePoint);
        return index >= 0 ? FoldTo[index] : codePoint;
    }

    private static (int Rune, int Width) Read(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
        {
            return (char.ConvertToUtf32(c, text[i + 1]), 2);
        }

        return (char.IsSurrogate(c) ? 0xFFFD : c, 1);
    }
}
