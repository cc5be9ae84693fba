namespace NewsApi.Parsing.Tests;

public class CleaningTests
{
    private static string Body(string line) => Parse.Article("The title\n\n" + line + "\n").Paragraphs.Single().Text;

    [Theory]
    [InlineData("Tom &amp; Jerry", "Tom & Jerry")]
    [InlineData("It&#8217;s a caf&#233;", "It\u2019s a caf\u00E9")]
    [InlineData("caf&#xE9; &#163;5", "caf\u00E9 \u00A35")]
    [InlineData("confirmed&nbsp;rumors", "confirmed rumors")]
    [InlineData("1 &lt; 2 &gt; 0", "1 < 2 > 0")]
    [InlineData("rumors are& true", "rumors are& true")]
    [InlineData("AT&T and R&D", "AT&T and R&D")]
    [InlineData("the entity &amp;#233; stays", "the entity &#233; stays")]
    [InlineData("&amp;lt;em&amp;gt; is text", "&lt;em&gt; is text")]
    [InlineData("&lt;em&gt;not a tag&lt;/em&gt;", "<em>not a tag</em>")]
    public void Entities_are_decoded_exactly_once(string raw, string expected) => Assert.Equal(expected, Body(raw));

    [Theory]
    [InlineData("a <b>bold</b> word", "a bold word")]
    [InlineData("<STRONG>Loud</STRONG> and <I>slanted</I>", "Loud and slanted")]
    [InlineData("see <a href=\"http://x.example/?a=1&amp;b=2\" target=\"_blank\">this</a> link", "see this link")]
    [InlineData("stray </span> closing", "stray closing")]
    [InlineData("one<br>two<br/>three<BR />four", "one two three four")]
    [InlineData("<span class=\"x\">styled</span>", "styled")]
    public void Known_inline_tags_are_removed(string raw, string expected) => Assert.Equal(expected, Body(raw));

    [Theory]
    [InlineData("<div class=\"avatar\"> <img src=\"{{ imagepath }}/{{ user.avatar }}\">")]
    [InlineData("<iframe src=\"/iframe/dave\" width=\"300\"></iframe>")]
    [InlineData("if a <b and c > d then <embed> and <article>")]
    [InlineData("x <3 y << z")]
    public void Other_angle_bracket_text_is_kept(string raw) => Assert.Equal(raw, Body(raw));

    [Fact]
    public void Nbsp_becomes_a_space_and_soft_hyphen_and_zero_width_space_vanish()
    {
        Assert.Equal("told her brother Rob she wants donations", Body("told her brother Rob\u00A0 she wants \u00ADdona\u200Btions"));
    }

    [Fact]
    public void Whitespace_is_collapsed_and_trimmed()
    {
        Assert.Equal("Alex Jones a prominent theorist", Body("  Alex Jones \t a   prominent theorist   "));
    }

    [Fact]
    public void Text_is_composed_to_nfc()
    {
        Assert.Equal("caf\u00E9 Bu\u0308ndchen", Body("cafe\u0301 Bu\u0308ndchen").Replace("\u00FC", "u\u0308", StringComparison.Ordinal));
        Assert.Equal("caf\u00E9 B\u00FCndchen", Body("cafe\u0301 Bu\u0308ndchen"));
    }

    [Theory]
    [InlineData("cafe\u0301", "caf\u00E9")]
    [InlineData("Vie\u0323\u0302t", "Vi\u1EC7t")]
    [InlineData("A\u030A and n\u0303", "\u00C5 and \u00F1")]
    [InlineData("no marks", "no marks")]
    [InlineData("x\u0301", "x\u0301")]
    public void The_embedded_nfc_table_composes_like_icu(string input, string expected)
    {
        Assert.Equal(expected, Nfc.ComposeWithTable(input));
    }

    [Fact]
    public void Paragraph_text_keeps_curly_quotes_and_dashes()
    {
        Assert.Equal("\u2018I hate to think\u2019 \u2013 he said \u201Cno\u201D \u2026", Body("\u2018I hate to think\u2019 \u2013 he said \u201Cno\u201D \u2026"));
    }
}
