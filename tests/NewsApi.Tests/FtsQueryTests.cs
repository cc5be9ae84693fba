using NewsApi.Search;

namespace NewsApi.Tests;

/// <summary>Pure tests of the translation from what a user types to an FTS5 MATCH expression.</summary>
public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("crocodile", "(\"crocodile\")")]
    [InlineData("north korea", "(\"north\" AND \"korea\")")]
    [InlineData("  north\tkorea\n", "(\"north\" AND \"korea\")")]
    [InlineData("\"pet crocodile\"", "(\"pet crocodile\")")]
    [InlineData("\"pet crocodile\" enclosure", "(\"pet crocodile\" AND \"enclosure\")")]
    [InlineData("trump OR kim", "((\"trump\" OR \"kim\"))")]
    [InlineData("a OR b OR c", "((\"a\" OR \"b\" OR \"c\"))")]
    [InlineData("summit trump OR kim", "(\"summit\" AND (\"trump\" OR \"kim\"))")]
    [InlineData("crocodile -zurich", "(\"crocodile\") NOT (\"zurich\")")]
    [InlineData("crocodile -zurich -\"pearl farm\"", "(\"crocodile\") NOT (\"zurich\" OR \"pearl farm\")")]
    [InlineData("croc*", "(\"croc\"*)")]
    [InlineData("croc* farm", "(\"croc\"* AND \"farm\")")]
    [InlineData("café", "(\"café\")")]
    [InlineData("Zürich", "(\"Zürich\")")]
    public void Translates_the_documented_syntax(string input, string expected)
    {
        Assert.Equal(expected, FtsQuery.TryTranslate(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("or", "(\"or\")")] // only upper-case OR is the operator
    [InlineData("OR crocodile", "(\"crocodile\")")] // a leading OR has nothing to join
    [InlineData("crocodile OR", "(\"crocodile\")")] // a trailing OR has nothing to join
    [InlineData("AND", "(\"AND\")")]
    [InlineData("NOT crocodile", "(\"NOT\" AND \"crocodile\")")]
    [InlineData("NEAR(crocodile farm, 2)", "(\"NEAR\" AND \"crocodile\" AND \"farm\" AND \"2\")")]
    [InlineData("title:crocodile", "(\"title\" AND \"crocodile\")")]
    [InlineData("{title body}:crocodile", "(\"title\" AND \"body\" AND \"crocodile\")")]
    [InlineData("^crocodile", "(\"crocodile\")")]
    [InlineData("(crocodile", "(\"crocodile\")")]
    [InlineData("crocodile)", "(\"crocodile\")")]
    [InlineData("\"crocodile", "(\"crocodile\")")] // an unbalanced quote runs to the end
    [InlineData("crocodile\"", "(\"crocodile\")")]
    [InlineData("crocodile \"\" farm", "(\"crocodile\" AND \"farm\")")]
    [InlineData("' OR 1=1 --", "(\"1\" AND \"1\")")]
    [InlineData("crocodile; DROP TABLE Articles", "(\"crocodile\" AND \"DROP\" AND \"TABLE\" AND \"Articles\")")]
    [InlineData("a\0b", "(\"a\" AND \"b\")")]
    [InlineData("croc**", "(\"croc\"*)")]
    [InlineData("crocodile - farm", "(\"crocodile\" AND \"farm\")")]
    [InlineData("crocodile --farm", "(\"crocodile\" AND \"farm\")")]
    public void Treats_operators_a_user_types_as_plain_words(string input, string expected)
    {
        Assert.Equal(expected, FtsQuery.TryTranslate(input, out var error));
        Assert.Null(error);
    }

    // Words split where FTS5's own tables split them, not where .NET's do: a skin-tone modifier is part of a word to
    // FTS5, a New Tai Lue vowel sign (a letter to .NET) is not, so it no longer makes a term no article can match.
    [Theory]
    [InlineData("good👍🏽news", "(\"good\" AND \"🏽news\")")]
    [InlineData("bridge \u19B1", "(\"bridge\")")]
    [InlineData("e\u0301cole", "(\"e\u0301cole\")")]
    public void Words_split_as_fts5_splits_them(string input, string expected)
    {
        Assert.Equal(expected, FtsQuery.TryTranslate(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("4.4m-long", "(\"4\" AND \"4m\" AND \"long\")")]
    [InlineData("all-day session", "(\"all\" AND \"day\" AND \"session\")")]
    [InlineData("pet-crocodile -zurich", "(\"pet\" AND \"crocodile\") NOT (\"zurich\")")]
    public void A_hyphen_inside_a_word_joins_rather_than_excludes(string input, string expected)
    {
        Assert.Equal(expected, FtsQuery.TryTranslate(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("café ☕", "(\"café\")")]
    [InlineData("crocodile 🐊 farm", "(\"crocodile\" AND \"farm\")")]
    [InlineData("\"pet 🐊 crocodile\"", "(\"pet crocodile\")")]
    [InlineData("crocodile \uD800", "(\"crocodile\")")] // lone high surrogate
    [InlineData("\uDC00crocodile", "(\"crocodile\")")] // lone low surrogate
    [InlineData("𝐀𝐁𝐂", "(\"𝐀𝐁𝐂\")")] // supplementary-plane letters are letters
    [InlineData("\U00020000", "(\"\U00020000\")")] // CJK extension B
    [InlineData("cafe\u0301", "(\"cafe\u0301\")")] // combining marks stay in the word, FTS5 folds them
    [InlineData("שלום עולם", "(\"שלום\" AND \"עולם\")")]
    [InlineData("\u202Ecrocodile\u202C", "(\"crocodile\")")] // bidi overrides are formatting, not letters
    public void Splits_words_like_the_unicode61_tokenizer(string input, string expected)
    {
        Assert.Equal(expected, FtsQuery.TryTranslate(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData("--")]
    [InlineData("\"\"")]
    [InlineData("\"")]
    [InlineData("()")]
    [InlineData("OR")]
    [InlineData("OR OR OR")]
    [InlineData(":")]
    [InlineData("^")]
    [InlineData("🐊")]
    [InlineData("\0\u0001\u001F")]
    [InlineData("\uD800")]
    public void Nothing_to_search_for_is_an_error_not_a_guess(string input)
    {
        Assert.Null(FtsQuery.TryTranslate(input, out var error));
        Assert.Equal("The query has no words to search for.", error);
    }

    [Theory]
    [InlineData("-crocodile")]
    [InlineData("-crocodile -\"pearl farm\"")]
    public void Only_exclusions_is_an_error(string input)
    {
        Assert.Null(FtsQuery.TryTranslate(input, out var error));
        Assert.Contains("only excludes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_long_is_an_error_that_gives_the_limit()
    {
        Assert.NotNull(FtsQuery.TryTranslate(new string('a', FtsQuery.MaxLength), out _));

        Assert.Null(FtsQuery.TryTranslate(new string('a', FtsQuery.MaxLength + 1), out var error));
        Assert.Contains(FtsQuery.MaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_terms_is_an_error()
    {
        var ok = string.Join(' ', Enumerable.Range(0, FtsQuery.MaxTerms).Select(i => "w" + i));
        var tooMany = ok + " one-more";

        Assert.NotNull(FtsQuery.TryTranslate(ok, out _));
        Assert.Null(FtsQuery.TryTranslate(tooMany, out var error));
        Assert.Contains(FtsQuery.MaxTerms.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Fact]
    public void Thirty_two_short_prefixes_ored_together_are_too_expensive_and_the_error_says_how_to_narrow()
    {
        var attack = string.Join(" OR ", Enumerable.Range(0, 32).Select(i => $"{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}*"));

        Assert.Null(FtsQuery.TryTranslate(attack, out var error));
        Assert.Contains("too expensive", error, StringComparison.Ordinal);
        Assert.Contains("longer prefixes", error, StringComparison.Ordinal);
        Assert.Contains(FtsQuery.MaxCost.ToString(System.Globalization.CultureInfo.InvariantCulture), error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crocodile* OR hovercraft* OR ferry* OR winter*", true)] // long prefixes cost 1 each
    [InlineData("ab* OR cd* OR ef* OR gh* OR ij* OR kl* OR mn* OR op*", true)] // 8 x 8 = 64, the limit
    [InlineData("ab* OR cd* OR ef* OR gh* OR ij* OR kl* OR mn* OR op* OR qr*", false)] // 72
    [InlineData("a* b* c* d*", true)] // 4 x 16
    [InlineData("a* b* c* d* e*", false)]
    [InlineData("\"the quick brown fox\" crocodile farm", true)]
    public void The_cost_bound_is_the_documented_sum(string query, bool allowed)
    {
        Assert.Equal(allowed, FtsQuery.TryTranslate(query, out var error) is not null);
        Assert.Equal(allowed, error is null);
    }

    [Fact]
    public void A_prefix_costs_more_the_shorter_it_is()
    {
        Assert.Equal([16, 8, 4, 2, 1, 1], new[] { 1, 2, 3, 4, 5, 12 }.Select(FtsQuery.PrefixCost));
    }

    [Fact]
    public void Every_word_is_quoted_so_no_user_character_reaches_FTS5_as_syntax()
    {
        // Whatever is typed, the expression contains only quoted strings, our own operators and brackets.
        var random = new Random(6);
        const string Alphabet = "abc \"*-():^{}+,.'OR AND NOT NEAR\0\t\u0301é😀\uD800";
        for (var n = 0; n < 2000; n++)
        {
            var input = new string(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            var match = FtsQuery.TryTranslate(input, out var error);
            if (match is null)
            {
                Assert.NotNull(error);
                continue;
            }

            var outside = System.Text.RegularExpressions.Regex.Replace(match, "\"(?:[^\"]|\"\")*\"", "W");
            Assert.Matches(@"^\((W\*?|\(W\*?( OR W\*?)+\))( AND (W\*?|\(W\*?( OR W\*?)+\)))*\)( NOT \(W\*?( OR W\*?)*\))?$", outside);
            Assert.DoesNotContain('\0', match);
        }
    }
}
