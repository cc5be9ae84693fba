using System.Text;

namespace NewsApi.Parsing.Tests;

public class DecodingTests
{
    private static byte[] Bytes(params object[] parts)
    {
        var list = new List<byte>();
        foreach (var part in parts)
        {
            list.AddRange(part switch
            {
                string s => Encoding.UTF8.GetBytes(s),
                byte b => [b],
                byte[] bs => bs,
                int i => [(byte)i],
                _ => throw new ArgumentException("unsupported part"),
            });
        }

        return [.. list];
    }

    [Fact]
    public void Windows1252_bytes_fall_back_and_are_reported()
    {
        var result = Parse.Bytes(Bytes("The title\n\nFirst line.\n\nIt", 0x92, "s a ", 0x93, "quote", 0x94, " ", 0x96, " done ", 0x80, "5 ", 0xFC, "ber.\n"));
        Assert.Equal("windows-1252", result.Source.Encoding);
        Assert.Equal(["First line.", "It\u2019s a \u201Cquote\u201D \u2013 done \u20AC5 \u00FCber."], result.Article!.Paragraphs.Select(p => p.Text));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.Windows1252Fallback, DiagnosticSeverity.Info, 5), (d.Code, d.Severity, d.Line));
    }

    [Fact]
    public void Latin1_pound_sign_decodes_through_the_fallback()
    {
        var article = Parse.Bytes(Bytes("Fine words\n\nHe was fined ", 0xA3, "20,000.\n")).Article!;
        Assert.Equal("He was fined \u00A320,000.", article.Paragraphs.Single().Text);
    }

    [Fact]
    public void Undefined_windows1252_byte_is_dropped_with_a_warning_and_csv_quotes_are_unwrapped()
    {
        var result = Parse.Bytes(Bytes("\"Protester Speaks Out \"\"I Was Paid\"\"", 0x9D, "\"\r\n"));
        Assert.Equal("Protester Speaks Out \"I Was Paid\"", result.Article!.Headline);
        Assert.Equal(
            [DiagnosticCodes.Windows1252Fallback, DiagnosticCodes.NoBody, DiagnosticCodes.UndefinedByte],
            result.Diagnostics.Select(d => d.Code).Order(StringComparer.Ordinal));
        Assert.All(result.Diagnostics, d => Assert.Equal(1, d.Line));
        Assert.Equal("CRLF", result.Source.LineEndings);
    }

    [Fact]
    public void Utf8_bom_is_stripped_and_recorded()
    {
        var result = Parse.Bytes(Bytes(0xEF, 0xBB, 0xBF, "Caf\u00E9 opens\n\nBody.\n"));
        Assert.Equal("utf-8-bom", result.Source.Encoding);
        Assert.Equal("Caf\u00E9 opens", result.Article!.Headline);
    }

    [Fact]
    public void Utf16_with_bom_is_decoded()
    {
        var result = Parse.Bytes([0xFF, 0xFE, .. Encoding.Unicode.GetBytes("The title here\n\nBody text.")]);
        Assert.Equal("utf-16le", result.Source.Encoding);
        Assert.Equal("Body text.", result.Article!.Paragraphs.Single().Text);
    }

    [Theory]
    [InlineData("The title\r\n\r\nOne.\r\n\r\nTwo.\r\n", "CRLF")]
    [InlineData("The title\r\rOne.\r\rTwo.\r", "CR")]
    [InlineData("The title\n\nOne.\n\nTwo.", "LF")]
    [InlineData("The title\r\n\nOne.\n\r\nTwo.", "mixed")]
    public void Line_endings_are_normalised_and_recorded(string text, string style)
    {
        var result = Parse.Text(text);
        Assert.Equal(style, result.Source.LineEndings);
        Assert.Equal(["One.", "Two."], result.Article!.Paragraphs.Select(p => p.Text));
        Assert.Equal([3, 5], result.Article.Paragraphs.Select(p => p.Lines.First));
    }

    [Fact]
    public void One_line_without_newline_is_a_headline_without_body()
    {
        var result = Parse.Text("A headline on its own");
        Assert.Equal("none", result.Source.LineEndings);
        Assert.Equal("A headline on its own", result.Article!.Headline);
        Assert.Empty(result.Article.Blocks);
        Assert.Equal(DiagnosticCodes.NoBody, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Lone_cr_developer_note_is_one_line()
    {
        var result = Parse.Text("MISSED ENTIRE ARTICLE BECAUSE IT'S LOADED DYNAMICALLY BY JAVASCRIPT\r");
        Assert.Equal("CR", result.Source.LineEndings);
        Assert.Equal(1, result.Article!.HeadlineLine);
        Assert.Empty(result.Article.Blocks);
    }

    [Fact]
    public void Empty_file_is_an_error_without_article()
    {
        var result = Parse.Bytes([]);
        Assert.Null(result.Article);
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticCodes.EmptyFile, DiagnosticSeverity.Error, 0), (d.Code, d.Severity, d.Line));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", result.Source.Sha256);
        Assert.Equal(0, result.Source.Size);
    }

    [Theory]
    [InlineData(" \n\t\r\n  \n")]
    [InlineData("\u00A0\n")]
    public void Whitespace_only_file_is_empty(string text)
    {
        var result = Parse.Text(text);
        Assert.Null(result.Article);
        Assert.Equal(DiagnosticCodes.EmptyFile, Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error).Code);
    }

    [Fact]
    public void Markup_only_file_has_no_headline()
    {
        var result = Parse.Text("<br>\n</span>\n");
        Assert.Null(result.Article);
        Assert.Equal(DiagnosticCodes.NoHeadline, Assert.Single(result.Diagnostics).Code);
    }

    [Theory]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52 })]
    [InlineData(new byte[] { 0x01, 0x02, 0x03, 0x04, 0x05, 0x41, 0x42, 0x43, 0x44, 0x45 })]
    public void Binary_content_is_rejected(byte[] bytes)
    {
        var result = Parse.Bytes(bytes);
        Assert.Null(result.Article);
        Assert.Equal("binary", result.Source.Encoding);
        Assert.Equal(DiagnosticCodes.BinaryFile, Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void A_stray_control_character_in_long_text_is_not_binary()
    {
        var text = "The title\n\n" + new string('a', 200) + "\u0007 end.\n";
        var article = Parse.Text(text).Article!;
        Assert.Equal(new string('a', 200) + " end.", article.Paragraphs.Single().Text);
    }

    [Fact]
    public void Absurdly_long_line_is_cut_with_a_warning()
    {
        var result = Parse.Text("The title\n\n" + new string('x', 10_000_000) + "\n");
        var paragraph = result.Article!.Paragraphs.Single();
        Assert.Equal(100_000, paragraph.Text.Length);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.LineTooLong && d.Line == 3);
    }

    [Fact]
    public void A_ten_megabyte_single_line_is_not_a_headline()
    {
        var result = Parse.Text(new string('y', 10_000_000));
        Assert.Null(result.Article);
        Assert.Contains(result.Diagnostics, d => d.Code == DiagnosticCodes.NoHeadline);
    }

    [Fact]
    public void Source_text_numbers_lines_like_the_parser()
    {
        var source = SourceText.Decode(Encoding.UTF8.GetBytes("a\r\nb\rc\n\nd\n"));
        Assert.Equal(["a", "b", "c", "", "d"], source.Lines);
        Assert.Equal("mixed", source.LineEndings);
    }
}
