namespace NewsApi.Data.Search;

/// <summary>
/// One term of a search: words that must appear next to each other in this order (a single word is a phrase of
/// one), the last of them only as a prefix when <see cref="IsPrefix"/> is set. Words are as the user typed them;
/// each provider folds them its own way (FTS5 by its tokenizer, PostgreSQL by <see cref="FtsTokenizer"/>).
/// </summary>
public sealed record SearchTerm(IReadOnlyList<string> Words, bool IsPrefix);

/// <summary>
/// A parsed search box, independent of the store: an article matches when, for every group in <see cref="All"/>,
/// at least one term of the group matches, and no term of <see cref="None"/> does. Each provider renders it in its
/// own query language, so user text is never concatenated into one.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<IReadOnlyList<SearchTerm>> All, IReadOnlyList<SearchTerm> None)
{
    /// <summary>
    /// The query as an FTS5 MATCH expression: every phrase inside double quotes (so FTS5 syntax typed by a user is
    /// plain text), prefixes as <c>"word"*</c>, groups joined by AND, alternatives by OR, exclusions after NOT.
    /// </summary>
    public string ToFts5()
    {
        var all = "(" + string.Join(" AND ", All.Select(g => g.Count == 1 ? Fts5(g[0]) : "(" + string.Join(" OR ", g.Select(Fts5)) + ")")) + ")";
        return None.Count == 0 ? all : all + " NOT (" + string.Join(" OR ", None.Select(Fts5)) + ")";
    }

    private static string Fts5(SearchTerm term) =>
        "\"" + string.Join(' ', term.Words).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (term.IsPrefix ? "*" : string.Empty);
}
