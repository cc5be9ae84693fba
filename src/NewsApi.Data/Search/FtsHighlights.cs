using System.Text;

namespace NewsApi.Data.Search;

/// <summary>One part of a search result that matched: where it comes from and its text as HTML, matches in <c>&lt;mark&gt;</c>.</summary>
/// <param name="Field"><c>title</c>, <c>body</c> or <c>caption</c>.</param>
/// <param name="Text">The whole title, or a snippet of the body or captions, HTML-escaped, with <c>&lt;mark&gt;</c> as its only tag.</param>
public sealed record SearchHighlight(string Field, string Text);

/// <summary>
/// The highlights an article search shows, made in C# from <see cref="FtsTokenizer"/>'s words and offsets the way
/// FTS5's <c>highlight()</c> and <c>snippet()</c> make them on SQLite (the same snippet window, the same marks), for a
/// store without FTS5.
/// </summary>
/// <remarks>
/// FTS5 works on phrase instances: every place in a column where a phrase of the query (every term of a required
/// group; excluded terms never occur in a match) occurs, overlapping ones marked as one. A snippet is the window of
/// <c>n</c> words that holds the most distinct phrases (1,000 points each, 1 per repeat), centred on them, or the
/// start of a sentence before the first match when that scores as well (+100, +120 at the start of the column).
/// The port follows SQLite 3.53's <c>fts5_aux.c</c> step for step, on UTF-16 offsets where it uses UTF-8 ones.
/// </remarks>
public static class FtsHighlights
{
    // Private-use characters mark matches, so the text can be HTML-escaped before the marks become tags (as on SQLite).
    /// <summary>Opens a match in marked text (a private-use character no article text is left with), on both providers.</summary>
    public const string MarkOpen = "\uE000";

    /// <summary>Closes a match in marked text.</summary>
    public const string MarkClose = "\uE001";
    private const string Ellipsis = "…";

    /// <summary>The words of a body snippet, as on SQLite.</summary>
    public const int BodyWords = 24;

    /// <summary>The words of a caption snippet, as on SQLite.</summary>
    public const int CaptionWords = 16;

    /// <summary>
    /// The highlights of an article for a query, in the order and with the fields the SQLite search gives: the title
    /// whole, a snippet of the body and one of the captions, each only when it holds a match. The texts are the
    /// ones <c>ArticleSearch</c> holds (captions and paragraphs each followed by a newline), in the order
    /// <c>TsVectors.ForArticle</c> takes them.
    /// </summary>
    public static IReadOnlyList<SearchHighlight> ForArticle(SearchQuery query, string title, string captions, string body)
    {
        ArgumentNullException.ThrowIfNull(query);
        var phrases = Phrases(query);
        return new[]
            {
                new SearchHighlight("title", Highlight(title, phrases)),
                new SearchHighlight("body", Snippet(body, phrases, BodyWords)),
                new SearchHighlight("caption", Snippet(captions, phrases, CaptionWords)),
            }
            .Where(h => h.Text.Contains(MarkOpen, StringComparison.Ordinal))
            .Select(h => h with { Text = ToHtml(h.Text) })
            .ToList();
    }

    /// <summary>The query's phrases in FTS5's order (as <see cref="SearchQuery.ToFts5"/> writes them): folded words, and whether the last is a prefix.</summary>
    internal static List<(string[] Words, bool IsPrefix)> Phrases(SearchQuery query) =>
        query.All.SelectMany(g => g).Concat(query.None)
            .Select(t => (t.Words.SelectMany(FtsTokenizer.Words).ToArray(), t.IsPrefix))
            .ToList();

    /// <summary>FTS5's <c>highlight()</c>: the whole text, matches between the marks.</summary>
    internal static string Highlight(string text, List<(string[] Words, bool IsPrefix)> phrases)
    {
        var tokens = FtsTokenizer.Tokenize(text);
        var marker = new Marker(text, tokens, Instances(tokens, phrases), rangeStart: 0, rangeEnd: -1);
        marker.Run();
        return marker.Finish(appendRest: true);
    }

    /// <summary>FTS5's <c>snippet()</c> of one column: up to <paramref name="words"/> words around the best matches, with ellipses where it is cut.</summary>
    internal static string Snippet(string text, List<(string[] Words, bool IsPrefix)> phrases, int words)
    {
        var tokens = FtsTokenizer.Tokenize(text);
        var instances = Instances(tokens, phrases);
        var sentences = SentenceStarts(text, tokens);
        var size = tokens.Count;

        int bestScore = 0, bestStart = 0;
        foreach (var (_, offset, _) in instances)
        {
            var (score, adjusted) = Score(instances, size, offset, words);
            if (score > bestScore)
            {
                (bestScore, bestStart) = (score, adjusted);
            }

            if (sentences.Count > 0 && size > words)
            {
                var jj = 0;
                while (jj < sentences.Count - 1 && sentences[jj + 1] <= offset)
                {
                    jj++;
                }

                if (sentences[jj] < offset)
                {
                    var (sentenceScore, _) = Score(instances, size, sentences[jj], words);
                    sentenceScore += sentences[jj] == 0 ? 120 : 100;
                    if (sentenceScore > bestScore)
                    {
                        (bestScore, bestStart) = (sentenceScore, sentences[jj]);
                    }
                }
            }
        }

        var rangeEnd = bestStart + words - 1;
        var marker = new Marker(text, tokens, instances, bestStart, rangeEnd);
        if (bestStart > 0)
        {
            marker.Output.Append(Ellipsis);
        }

        marker.Run();
        var whole = rangeEnd >= size - 1;
        var snippet = marker.Finish(appendRest: whole);
        return whole ? snippet : snippet + Ellipsis;
    }

    /// <summary>Every occurrence of every phrase, as (phrase, first word, words), by position then phrase (FTS5's instance order).</summary>
    private static List<(int Phrase, int Offset, int Size)> Instances(IReadOnlyList<FtsToken> tokens, List<(string[] Words, bool IsPrefix)> phrases)
    {
        var instances = new List<(int Phrase, int Offset, int Size)>();
        for (var start = 0; start < tokens.Count; start++)
        {
            for (var p = 0; p < phrases.Count; p++)
            {
                var (words, isPrefix) = phrases[p];
                if (words.Length == 0 || start + words.Length > tokens.Count)
                {
                    continue;
                }

                var matches = true;
                for (var j = 0; j < words.Length && matches; j++)
                {
                    var token = tokens[start + j].Text;
                    matches = isPrefix && j == words.Length - 1
                        ? token.StartsWith(words[j], StringComparison.Ordinal)
                        : string.Equals(token, words[j], StringComparison.Ordinal);
                }

                if (matches)
                {
                    instances.Add((p, start, words.Length));
                }
            }
        }

        return instances;
    }

    // fts5SnippetScore: distinct phrases in the window [start, start + words) weigh 1000, repeats 1; the window is then
    // centred on the matches it holds and kept inside the column.
    private static (int Score, int Start) Score(List<(int Phrase, int Offset, int Size)> instances, int size, int start, int words)
    {
        var seen = new HashSet<int>();
        int score = 0, first = -1, last = 0;
        foreach (var (phrase, offset, length) in instances)
        {
            if (offset >= start && offset < (long)start + words)
            {
                score += seen.Add(phrase) ? 1000 : 1;
                if (first < 0)
                {
                    first = offset;
                }

                last = offset + length;
            }
        }

        var adjusted = first - ((words - (last - first)) / 2);
        if (adjusted + words > size)
        {
            adjusted = size - words;
        }

        return (score, Math.Max(adjusted, 0));
    }

    // fts5SentenceFinderCb: a word starts a sentence when whitespace and then '.' or ':' come before it (and the first word).
    private static List<int> SentenceStarts(string text, IReadOnlyList<FtsToken> tokens)
    {
        var starts = new List<int>();
        for (var position = 0; position < tokens.Count; position++)
        {
            if (position == 0)
            {
                starts.Add(0);
                continue;
            }

            var i = tokens[position].Start - 1;
            var c = '\0';
            for (; i >= 0; i--)
            {
                c = text[i];
                if (c is not (' ' or '\t' or '\n' or '\r'))
                {
                    break;
                }
            }

            if (i != tokens[position].Start - 1 && c is '.' or ':')
            {
                starts.Add(position);
            }
        }

        return starts;
    }

    /// <summary>
    /// HTML-escapes a marked text, then turns the marks into <c>&lt;mark&gt;</c> tags: the one place that does it for
    /// FTS5's own highlights (SQLite) and for this port's (PostgreSQL), so both providers answer the same text.
    /// </summary>
    public static string ToHtml(string marked) =>
        marked.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("\"", "&quot;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal)
            .Replace(MarkOpen, "<mark>", StringComparison.Ordinal)
            .Replace(MarkClose, "</mark>", StringComparison.Ordinal);

    /// <summary>fts5HighlightCb and its context: copies the text word by word, opening and closing marks around coalesced instances.</summary>
    private sealed class Marker(string text, IReadOnlyList<FtsToken> tokens, List<(int Phrase, int Offset, int Size)> instances, int rangeStart, int rangeEnd)
    {
        private int _instance;
        private int _start = -1;
        private int _end = -1;
        private int _copied;
        private bool _open;

        public StringBuilder Output { get; } = new();

        public void Run()
        {
            NextCoalesced();
            if (rangeEnd >= 0)
            {
                while (_start >= 0 && _start < rangeStart)
                {
                    NextCoalesced();
                }
            }

            for (var position = 0; position < tokens.Count; position++)
            {
                var startOff = tokens[position].Start;
                var endOff = startOff + tokens[position].Length;
                if (rangeEnd >= 0)
                {
                    if (position < rangeStart || position > rangeEnd)
                    {
                        continue;
                    }

                    if (rangeStart != 0 && position == rangeStart)
                    {
                        _copied = startOff;
                    }
                }

                if (_open && (position <= _start || _start < 0) && startOff > _copied)
                {
                    Output.Append(MarkClose);
                    _open = false;
                }

                if (position == _start && !_open)
                {
                    Output.Append(text, _copied, startOff - _copied).Append(MarkOpen);
                    _copied = startOff;
                    _open = true;
                }

                if (position == _end)
                {
                    if (!_open)
                    {
                        Output.Append(MarkOpen);
                        _open = true;
                    }

                    Output.Append(text, _copied, endOff - _copied);
                    _copied = endOff;
                    NextCoalesced();
                }

                if (position == rangeEnd)
                {
                    if (_open)
                    {
                        if (_start >= 0 && position >= _start)
                        {
                            Output.Append(text, _copied, endOff - _copied);
                            _copied = endOff;
                        }

                        Output.Append(MarkClose);
                        _open = false;
                    }

                    Output.Append(text, _copied, endOff - _copied);
                    _copied = endOff;
                }
            }
        }

        public string Finish(bool appendRest)
        {
            if (_open)
            {
                Output.Append(MarkClose);
            }

            if (appendRest)
            {
                Output.Append(text, _copied, text.Length - _copied);
            }

            return Output.ToString();
        }

        // fts5CInstIterNext: the next run of instances that overlap, as one (first word, last word).
        private void NextCoalesced()
        {
            _start = -1;
            _end = -1;
            while (_instance < instances.Count)
            {
                var (_, offset, size) = instances[_instance];
                var end = offset - 1 + size;
                if (_start < 0)
                {
                    (_start, _end) = (offset, end);
                }
                else if (offset <= _end)
                {
                    _end = Math.Max(_end, end);
                }
                else
                {
                    break;
                }

                _instance++;
            }
        }
    }
}
