using NewsApi.Data.Search;

namespace NewsApi.Search;

/// <summary>
/// Translates what a user types into a search box into an FTS5 MATCH expression that cannot fail.
/// The user's text is never passed through: it is read as words, <c>"phrases"</c>, <c>OR</c>, <c>-excluded</c>
/// and <c>prefix*</c>, and every word is re-emitted inside double quotes, so FTS5 operators, column filters,
/// brackets and stray quotes typed by a user are plain text. What cannot be searched is reported, not guessed.
/// </summary>
public static class FtsQuery
{
    public const int MaxLength = 500;
    public const int MaxTerms = 32;

    /// <summary>
    /// The most a query may cost, in units: a word costs 1, a phrase 1 per word, and a <c>prefix*</c> more the
    /// shorter it is (<see cref="PrefixCost"/>): a two-letter prefix reads the postings of nearly every article, so 32
    /// of them OR'd together cost a 2-core server about 250 ms of CPU each and starved every other request.
    /// </summary>
    public const int MaxCost = 64;

    /// <summary>The cost of a prefix of <paramref name="letters"/> characters: 16, 8, 4 and 2 for 1 to 4, then 1.</summary>
    public static int PrefixCost(int letters) => letters >= 5 ? 1 : 1 << (5 - Math.Max(letters, 1));

    /// <summary>Parses <paramref name="input"/> into an FTS5 MATCH expression; returns null and an error message when it has nothing to search for.</summary>
    public static string? TryTranslate(string input, out string? error) => TryParse(input, out error)?.ToFts5();

    /// <summary>
    /// Parses <paramref name="input"/> into a query any provider can render; returns null and an error message when it
    /// has nothing to search for.
    /// </summary>
    public static SearchQuery? TryParse(string input, out string? error)
    {
        error = null;
        if (input.Length > MaxLength)
        {
            error = $"The query is {input.Length} characters long; the limit is {MaxLength}.";
            return null;
        }

        var positive = new List<List<SearchTerm>>(); // AND of OR-groups
        var negative = new List<SearchTerm>();
        var pendingOr = false;
        var i = 0;
        var terms = 0;
        var cost = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                i++;
                continue;
            }

            // A minus excludes only at the start of a term: "4.4m-long" and "all-day" are words, not exclusions.
            var negate = false;
            var termStart = i == 0 || char.IsWhiteSpace(input[i - 1]) || char.IsControl(input[i - 1]);
            if (c == '-' && termStart && i + 1 < input.Length && (input[i + 1] == '"' || IsWordChar(input, i + 1)))
            {
                negate = true;
                i++;
                c = input[i];
            }

            SearchTerm? clause;
            if (c == '"')
            {
                var end = input.IndexOf('"', i + 1);
                var inner = end < 0 ? input[(i + 1)..] : input[(i + 1)..end];
                i = end < 0 ? input.Length : end + 1;
                var words = Words(inner);
                clause = words.Count == 0 ? null : new SearchTerm(words, IsPrefix: false);
                cost += words.Count;
            }
            else if (IsWordChar(input, i))
            {
                var start = i;
                while (i < input.Length && IsWordChar(input, i))
                {
                    i++;
                }

                var word = input[start..i];
                var prefix = i < input.Length && input[i] == '*';
                if (prefix)
                {
                    i++;
                }

                if (!negate && !prefix && word == "OR")
                {
                    pendingOr = positive.Count > 0;
                    continue;
                }

                clause = new SearchTerm([word], prefix);
                cost += prefix ? PrefixCost(word.Length) : 1;
            }
            else
            {
                // Punctuation and FTS5 syntax characters separate words and mean nothing else.
                i++;
                continue;
            }

            if (clause is null)
            {
                continue;
            }

            if (++terms > MaxTerms)
            {
                error = $"The query has more than {MaxTerms} terms.";
                return null;
            }

            if (negate)
            {
                negative.Add(clause);
            }
            else if (pendingOr)
            {
                positive[^1].Add(clause);
            }
            else
            {
                positive.Add([clause]);
            }

            pendingOr = false;
        }

        if (cost > MaxCost)
        {
            error = $"The query is too expensive to run: it costs {cost} where the limit is {MaxCost}. A word costs 1 and a "
                + "prefix* costs more the shorter it is (16, 8, 4 and 2 for 1 to 4 letters); use fewer OR branches or longer prefixes.";
            return null;
        }

        if (positive.Count == 0)
        {
            error = negative.Count > 0
                ? "The query only excludes words; add at least one word to find."
                : "The query has no words to search for.";
            return null;
        }

        return new SearchQuery(positive, negative);
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text, i))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i++;
            }

            words.Add(text[start..i]);
        }

        return words;
    }

    // A word character is whatever FTS5's tokenizer keeps in a word (FtsTokenizer holds its tables), so the terms
    // split here are the words both providers index: an emoji separates words, a letter newer than FTS5's tables too.
    // A character outside the Basic Multilingual Plane is judged by its code point from either of its halves; a lone
    // surrogate, which reaches SQLite as U+FFFD, separates words.
    private static bool IsWordChar(string s, int i)
    {
        if (char.IsLowSurrogate(s[i]) && i > 0 && char.IsHighSurrogate(s[i - 1]))
        {
            i--;
        }

        int codePoint = char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
            ? char.ConvertToUtf32(s[i], s[i + 1])
            : char.IsSurrogate(s[i]) ? 0xFFFD : s[i];
        return FtsTokenizer.Classify(codePoint) != FtsTokenizer.CharClass.Separator;
    }
}
