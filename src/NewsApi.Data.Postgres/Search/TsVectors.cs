using System.Globalization;
using System.Text;
using NewsApi.Data.Search;

namespace NewsApi.Data.Postgres.Search;

/// <summary>
/// Builds the <c>tsvector</c> of an article or an image from the words <see cref="FtsTokenizer"/> finds, the same
/// words FTS5 indexes, so a <c>tsquery</c> from <see cref="TsQueries"/> matches what the FTS5 MATCH string matches.
/// PostgreSQL's parser and dictionaries never see the text (never <c>to_tsvector</c>): the result is the
/// <c>tsvector</c>'s text form, sent as a parameter and cast in SQL, <c>@vector::tsvector</c>.
/// </summary>
/// <remarks>
/// <para>
/// Columns are laid out one after the other, each starting at least 2 positions after the previous one ends: FTS5
/// matches a phrase inside one column only, and <c>&lt;-&gt;</c> would otherwise match across the end of the title
/// and the start of the next column. Each column carries its weight (title A, captions B, body D), which
/// <c>ts_rank_cd</c> reads; a <c>tsquery</c> without weights matches all of them.
/// </para>
/// <para>
/// PostgreSQL's limits, and what they cost against FTS5 (the builder never fails, it leaves out what PostgreSQL
/// would refuse or drop, so what remains is exact):
/// </para>
/// <list type="bullet">
/// <item>Positions stop at <see cref="MaxPosition"/>: every word from there on gets that position, so it is still
/// found on its own, but a phrase lying wholly past it is neither found nor excluded. The body comes last so that
/// only a very long body (about 16,000 words) meets it. Position <see cref="MaxPosition"/> − 1 is never used, so a
/// capped word never follows a real one by exactly 1 and no phrase is found that FTS5 would not find.</item>
/// <item>A word keeps its first <see cref="MaxPositionsPerWord"/> positions (PostgreSQL drops the rest): a phrase
/// that needs a later occurrence of a word that frequent (<c>the</c> in a long body) is not found.</item>
/// <item>A word longer than <see cref="MaxWordBytes"/> UTF-8 bytes is left out (PostgreSQL refuses it); it still
/// takes its position, so the words either side of it are not next to each other.</item>
/// <item>The distinct words may take <see cref="MaxTotalBytes"/> UTF-8 bytes in all; words first seen after that are
/// left out.</item>
/// </list>
/// </remarks>
public static class TsVectors
{
    /// <summary>The highest position PostgreSQL stores; later words share it.</summary>
    public const int MaxPosition = 16_383;

    /// <summary>How many positions PostgreSQL keeps per word.</summary>
    public const int MaxPositionsPerWord = 256;

    /// <summary>The longest word PostgreSQL accepts in a <c>tsvector</c>, in UTF-8 bytes.</summary>
    public const int MaxWordBytes = 2_047;

    /// <summary>The most UTF-8 bytes the distinct words of one <c>tsvector</c> may take together.</summary>
    public const int MaxTotalBytes = (1 << 20) - 1;

    /// <summary>
    /// The weights <c>ts_rank_cd</c> takes, in its order {D, C, B, A}: body 0.1, captions 0.2, title 1.0, the same
    /// ratios as the <c>bm25</c> column weights on SQLite (body 1, captions 2, title 10). C is unused.
    /// </summary>
    public static readonly float[] RankWeights = [0.1f, 0f, 0.2f, 1.0f];

    /// <summary>
    /// The <c>tsvector</c> (text form) of an article: its title (weight A), image captions (B) and body (D), given as
    /// the SQLite writer gives them to <c>ArticleSearch</c> (captions and paragraphs each followed by a newline).
    /// </summary>
    public static string ForArticle(string title, string captions, string body) =>
        Build([(title, 'A'), (captions, 'B'), (body, 'D')]);

    /// <summary>
    /// The same from an article's captions and paragraphs in reading order, joined as the SQLite writer joins them for
    /// <c>ArticleSearch</c> (each followed by a newline), so every path that indexes an article indexes the same words.
    /// </summary>
    public static string ForArticle(string title, IEnumerable<string> captions, IEnumerable<string> paragraphs) =>
        ForArticle(title, string.Concat(captions.Select(c => c + "\n")), string.Concat(paragraphs.Select(p => p + "\n")));

    /// <summary>The <c>tsvector</c> (text form) of an image: its caption (weight A) and credit (B), as <c>ImageSearch</c> holds them.</summary>
    public static string ForImage(string caption, string? credit) =>
        Build([(caption, 'A'), (credit ?? string.Empty, 'B')]);

    /// <summary>The <c>tsvector</c> (text form) of columns in this order, each with its weight (A to D).</summary>
    public static string Build(IEnumerable<(string Text, char Weight)> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var words = new Dictionary<string, List<(int Position, char Weight)>>(StringComparer.Ordinal);
        var order = new List<string>();
        var totalBytes = 0;
        var next = 1;
        foreach (var (text, weight) in columns)
        {
            ArgumentNullException.ThrowIfNull(text);
            if (weight is not ('A' or 'B' or 'C' or 'D'))
            {
                throw new ArgumentOutOfRangeException(nameof(columns), weight, "A tsvector weight is A, B, C or D.");
            }

            foreach (var token in FtsTokenizer.Tokenize(text))
            {
                var position = next < MaxPosition - 1 ? next : MaxPosition;
                next++;
                var bytes = Encoding.UTF8.GetByteCount(token.Text);
                if (bytes == 0 || bytes > MaxWordBytes)
                {
                    continue;
                }

                if (!words.TryGetValue(token.Text, out var positions))
                {
                    if (totalBytes + bytes > MaxTotalBytes)
                    {
                        continue;
                    }

                    totalBytes += bytes;
                    words[token.Text] = positions = [];
                    order.Add(token.Text);
                }

                // Positions only grow, so a repeat can only be the shared last one; the first (heavier) weight stays.
                if (positions.Count < MaxPositionsPerWord && (positions.Count == 0 || positions[^1].Position != position))
                {
                    positions.Add((position, weight));
                }
            }

            // The gap: the next column starts 2 after this one's last word.
            next++;
        }

        var sb = new StringBuilder();
        foreach (var word in order)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append('\'');
            foreach (var c in word)
            {
                if (c is '\'' or '\\')
                {
                    sb.Append(c);
                }

                sb.Append(c);
            }

            sb.Append("':");
            var first = true;
            foreach (var (position, weight) in words[word])
            {
                if (!first)
                {
                    sb.Append(',');
                }

                first = false;
                sb.Append(position.ToString(CultureInfo.InvariantCulture)).Append(weight);
            }
        }

        return sb.ToString();
    }
}
