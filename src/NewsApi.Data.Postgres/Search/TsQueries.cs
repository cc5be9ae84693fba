using NewsApi.Data.Search;
using NpgsqlTypes;

namespace NewsApi.Data.Postgres.Search;

/// <summary>
/// Renders a <see cref="SearchQuery"/> as a typed PostgreSQL <c>tsquery</c>, to be sent as a parameter (never as
/// text) and matched against a <c>tsvector</c> of words folded by <see cref="FtsTokenizer"/>. PostgreSQL's own
/// parser and dictionaries never see the text, so both sides hold exactly the words FTS5 would.
/// </summary>
public static class TsQueries
{
    /// <summary>
    /// The query as a <c>tsquery</c>: groups joined by <c>&amp;</c>, alternatives by <c>|</c>, exclusions under
    /// <c>!</c>, phrases as <c>&lt;-&gt;</c> and a prefix as <c>:*</c>. Returns null when no article can match, which
    /// is what FTS5 does with a term that has no words once tokenized (a required term matches nothing; an
    /// alternative or an exclusion without words is left out).
    /// </summary>
    public static NpgsqlTsQuery? From(SearchQuery query) => From(query, NpgsqlTsQueryLexeme.Weight.None);

    /// <summary>
    /// The query as a <c>tsquery</c> whose words match only in the columns of <paramref name="weights"/> (the title is
    /// weight A): FTS5's column filter <c>Title : (…)</c>.
    /// </summary>
    public static NpgsqlTsQuery? From(SearchQuery query, NpgsqlTsQueryLexeme.Weight weights)
    {
        ArgumentNullException.ThrowIfNull(query);
        NpgsqlTsQuery? all = null;
        foreach (var group in query.All)
        {
            var alternatives = Any(group, weights);
            if (alternatives is null)
            {
                return null;
            }

            all = all is null ? alternatives : new NpgsqlTsQueryAnd(all, alternatives);
        }

        if (all is null)
        {
            return null;
        }

        var excluded = Any(query.None, weights);
        return excluded is null ? all : new NpgsqlTsQueryAnd(all, new NpgsqlTsQueryNot(excluded));
    }

    private static NpgsqlTsQuery? Any(IEnumerable<SearchTerm> terms, NpgsqlTsQueryLexeme.Weight weights)
    {
        NpgsqlTsQuery? any = null;
        foreach (var term in terms)
        {
            if (Phrase(term, weights) is { } phrase)
            {
                any = any is null ? phrase : new NpgsqlTsQueryOr(any, phrase);
            }
        }

        return any;
    }

    // FTS5 tokenizes a quoted phrase as one string, so the words' tokens follow each other, and a trailing * makes
    // the last token a prefix.
    private static NpgsqlTsQuery? Phrase(SearchTerm term, NpgsqlTsQueryLexeme.Weight weights)
    {
        var words = term.Words.SelectMany(FtsTokenizer.Words).ToList();
        NpgsqlTsQuery? phrase = null;
        for (var i = 0; i < words.Count; i++)
        {
            var lexeme = new NpgsqlTsQueryLexeme(words[i], weights, term.IsPrefix && i == words.Count - 1);
            phrase = phrase is null ? lexeme : new NpgsqlTsQueryFollowedBy(phrase, 1, lexeme);
        }

        return phrase;
    }
}
