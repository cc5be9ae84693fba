namespace NewsApi.Parsing;

/// <summary>
/// The block grammar for the lines after the headline. One pass, line by line; a line is, in this order of
/// precedence: blank (ends a paragraph), markup-only, part of the trailing <c>@highlight</c> section, a teaser
/// line, boilerplate, an emphasised caption, a credit line, a caption with a trailing credit, or text.
/// Text lines form paragraphs: in files that use blank lines, consecutive lines are joined only when they are
/// hard-wrapped; in files without blank lines every line is a paragraph.
/// </summary>
internal sealed class BodyGrammar
{
    public const int MaxCaptionLength = 400;

    private readonly CleanLine[] lines;
    private readonly List<Block> blocks = [];
    private readonly List<BoilerplateLine> boilerplate = [];
    private readonly List<Diagnostic> diagnostics = [];
    private readonly List<CleanLine> pending = [];
    private bool everyLineIsAParagraph;

    private BodyGrammar(CleanLine[] lines) => this.lines = lines;

    public static (List<Block> Blocks, List<BoilerplateLine> Boilerplate, List<Diagnostic> Diagnostics) Build(CleanLine[] lines, int start)
    {
        var grammar = new BodyGrammar(lines);
        grammar.Run(start);
        return (grammar.blocks, grammar.boilerplate, grammar.diagnostics);
    }

    private void Run(int start)
    {
        everyLineIsAParagraph = !HasBlankSeparator(start);
        var inHighlights = false;
        var i = start;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.IsBlank)
            {
                FlushParagraph();
                if (line.IsMarkupOnly)
                {
                    AddBoilerplate(line.Number, line.Text, BoilerplateRules.Markup);
                }

                i++;
                continue;
            }

            // CNN/Daily Mail stories end with "@highlight" summaries: everything from the first marker on.
            if (inHighlights || line.Text.Equals("@highlight", StringComparison.OrdinalIgnoreCase))
            {
                FlushParagraph();
                inHighlights = true;
                AddBoilerplate(line.Number, line.Text, BoilerplateRules.Highlight);
                i++;
                continue;
            }

            if (TeaserParser.TryParse(line.Text, out var prefix, out var teasers))
            {
                FlushParagraph();
                i = EmitTeasers(i, prefix, teasers);
                continue;
            }

            var kind = BoilerplateRules.Classify(line.Text);
            if (kind is not null)
            {
                FlushParagraph();
                AddBoilerplate(line.Number, line.Text, kind);
                i++;
                continue;
            }

            if (line.IsEmphasised && line.Text.Length <= MaxCaptionLength)
            {
                FlushParagraph();
                i = EmitCaption(i);
                continue;
            }

            if (CreditParser.TryParseCreditLine(line.Text, out var credit, out var rest))
            {
                FlushParagraph();
                i = credit.Length == 0 && rest.Length == 0 ? EmitLabelledCaption(i) : AttachCreditLine(i, credit, rest);
                continue;
            }

            // A credit without a label: "Getty Images", "Rex/Splash".
            if (line.Text.Length <= 40 && CreditParser.IsKnownAgencyList(line.Text))
            {
                FlushParagraph();
                i = AttachCreditLine(i, line.Text, string.Empty);
                continue;
            }

            if (line.Text.Length <= MaxCaptionLength && CreditParser.TrySplitTrailingCredit(line.Text, out _, out _, out _))
            {
                FlushParagraph();
                i = EmitCaption(i);
                continue;
            }

            if (everyLineIsAParagraph || (pending.Count > 0 && !IsHardWrapped(pending[^1], line)))
            {
                FlushParagraph();
            }

            pending.Add(line);
            i++;
        }

        FlushParagraph();
    }

    private bool HasBlankSeparator(int start)
    {
        var seenContent = false;
        var blankAfterContent = false;
        for (var i = start; i < lines.Length; i++)
        {
            if (lines[i].IsBlank)
            {
                blankAfterContent |= seenContent;
            }
            else if (blankAfterContent)
            {
                return true;
            }
            else
            {
                seenContent = true;
            }
        }

        return false;
    }

    // Daily Mail hard wraps: "The young \nlovers", "Fire\n chiefs". A line that ends a sentence never continues.
    private static bool IsHardWrapped(CleanLine previous, CleanLine next)
    {
        var last = previous.Text[^1];
        if (last is '.' or '!' or '?' or '…' or ':' or ';' or '"' or '”' or '’' or '\'')
        {
            return false;
        }

        return previous.EndsWithSpace || next.StartsWithSpace || char.IsLower(next.Text[0]);
    }

    private void FlushParagraph()
    {
        if (pending.Count == 0)
        {
            return;
        }

        var text = pending.Count == 1 ? pending[0].Text : string.Join(' ', pending.Select(l => l.Text));
        blocks.Add(new ParagraphBlock(text, new LineRange(pending[0].Number, pending[^1].Number)));
        pending.Clear();
    }

    private void AddBoilerplate(int line, string text, string kind) => boilerplate.Add(new BoilerplateLine(text, line, kind));

    private void Warn(int line, string code, string message) => diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, code, line, message));

    private void Inform(int line, string code, string message) => diagnostics.Add(new Diagnostic(DiagnosticSeverity.Info, code, line, message));

    private int EmitTeasers(int i, string prefix, List<Teaser> teasers)
    {
        var line = lines[i];
        if (prefix.Length > 0)
        {
            var kind = BoilerplateRules.Classify(prefix);
            if (kind is not null)
            {
                AddBoilerplate(line.Number, prefix, kind);
            }
            else
            {
                blocks.Add(new ParagraphBlock(prefix, LineRange.OneLine(line.Number)));
            }
        }

        if (teasers.Count == 1 && teasers[0].Headline.Length == 0)
        {
            return EmitTeaserList(i, teasers[0].Marker, prefix.Length > 0);
        }

        foreach (var teaser in teasers)
        {
            blocks.Add(new RelatedLinkBlock(teaser.Marker, teaser.Headline, LineRange.OneLine(line.Number)));
        }

        return i + 1;
    }

    // "Read more:" then bare headlines (Washington Post). The header line belongs to the first teaser.
    private int EmitTeaserList(int header, string marker, bool headerShared)
    {
        var j = header + 1;
        while (j < lines.Length && lines[j].IsBlank && !lines[j].IsMarkupOnly)
        {
            j++;
        }

        var k = j;
        while (k < lines.Length && IsBareHeadline(lines[k]))
        {
            var first = k == j && !headerShared ? lines[header].Number : lines[k].Number;
            blocks.Add(new RelatedLinkBlock(marker, lines[k].Text, new LineRange(first, lines[k].Number)));
            k++;
        }

        // Glamour repeats each headline after a blank line: the copy belongs to the teaser.
        if (k > j && k + 1 < lines.Length && lines[k].IsBlank && !lines[k].IsMarkupOnly && blocks[^1] is RelatedLinkBlock lastTeaser
            && lines[k + 1].Text == lastTeaser.Headline)
        {
            blocks[^1] = lastTeaser with { Lines = new LineRange(lastTeaser.Lines.First, lines[k + 1].Number) };
            k += 2;
        }

        if (k == j)
        {
            if (!headerShared)
            {
                AddBoilerplate(lines[header].Number, lines[header].Text, BoilerplateRules.TeaserHeader);
            }

            return header + 1;
        }

        return k;
    }

    private static bool IsBareHeadline(CleanLine line)
    {
        var t = line.Text;
        return t.Length is > 0 and <= HeadlineRules.MaxLength
            && t[^1] is not ('.' or ':' or ';' or ',')
            && t.Contains(' ')
            && !line.IsEmphasised
            && BoilerplateRules.Classify(t) is null
            && !TeaserParser.TryParse(t, out _, out _)
            && !CreditParser.TryParseCreditLine(t, out _, out _);
    }

    private int EmitCaption(int i)
    {
        var line = lines[i];
        var text = line.Text;
        string caption;
        string? creditRaw = null;
        if (CreditParser.TrySplitTrailingCredit(text, out var cap, out var cr, out var broken))
        {
            caption = cap;
            creditRaw = cr;
            if (broken)
            {
                Warn(line.Number, DiagnosticCodes.UnparseableCaption, $"The credit bracket in this caption is never closed; took \"{cr}\" as the credit.");
            }
        }
        else if (CreditParser.TryParseCreditLine(text, out var onlyCredit, out _) && onlyCredit.Length > 0)
        {
            caption = string.Empty;
            creditRaw = onlyCredit;
        }
        else
        {
            caption = text;
        }

        var first = AbsorbEarlierCopy(line, caption) ?? line.Number;
        var last = line.Number;
        var j = i + 1;
        if (j < lines.Length && !lines[j].IsBlank && !lines[j].IsEmphasised
            && (SameText(lines[j].Text, text) || SameText(lines[j].Text, caption) || IsCopyWithCredit(lines[j].Text, caption, ref creditRaw)))
        {
            last = lines[j].Number;
            j++;
        }

        var extra = string.Empty;
        if (creditRaw is null && j < lines.Length && CreditParser.TryParseCreditLine(lines[j].Text, out var lineCredit, out var rest) && lineCredit.Length > 0)
        {
            creditRaw = lineCredit;
            last = lines[j].Number;
            extra = rest;
            j++;
        }

        if (caption.Length == 0)
        {
            Warn(line.Number, DiagnosticCodes.UnparseableCaption, "The caption has a credit but no text.");
        }

        blocks.Add(new ImageBlock(caption, creditRaw is null ? null : CreditParser.Split(creditRaw), new LineRange(first, last)));
        if (extra.Length > 0)
        {
            blocks.Add(new ParagraphBlock(extra, LineRange.OneLine(last)));
        }

        return j;
    }

    private static bool IsCopyWithCredit(string candidate, string caption, ref string? creditRaw)
    {
        if (creditRaw is not null || !CreditParser.TrySplitTrailingCredit(candidate, out var cap, out var cr, out _) || !SameText(cap, caption))
        {
            return false;
        }

        creditRaw = cr;
        return true;
    }

    // The Guardian prints an image's text before the share buttons and the caption with its credit after them:
    // " Caption." / "Facebook Twitter Pinterest" / " Caption. Photograph: X". The earlier line (just emitted as a
    // paragraph) belongs to the image: a duplicate, or alt text that is kept in a diagnostic.
    private int? AbsorbEarlierCopy(CleanLine captionLine, string caption)
    {
        if (blocks.Count == 0 || blocks[^1] is not ParagraphBlock p || p.Lines.First != p.Lines.Last)
        {
            return null;
        }

        var sharePrompt = false;
        for (var k = p.Lines.Last; k < captionLine.Number - 1; k++)
        {
            var between = lines[k];
            var kind = between.IsBlank ? null : BoilerplateRules.Classify(between.Text);
            if (kind is null)
            {
                return null;
            }

            sharePrompt |= kind == BoilerplateRules.SharePrompt;
        }

        var previous = lines[p.Lines.First - 1];
        if (SameText(previous.Text, caption) || SameText(previous.Text, captionLine.Text))
        {
            blocks.RemoveAt(blocks.Count - 1);
            return p.Lines.First;
        }

        if (sharePrompt && previous.StartsWithSpace && previous.Text.Length <= MaxCaptionLength)
        {
            blocks.RemoveAt(blocks.Count - 1);
            Inform(previous.Number, DiagnosticCodes.ImageAltText, $"Image text before the share buttons differs from the caption and was not kept as a paragraph: \"{previous.Text}\".");
            return p.Lines.First;
        }

        return null;
    }

    private static bool SameText(string a, string b) =>
        a.Length > 0 && a.TrimEnd('.', ' ').Equals(b.TrimEnd('.', ' '), StringComparison.OrdinalIgnoreCase);

    // "Image:" on its own line, then the caption (NBC).
    private int EmitLabelledCaption(int i)
    {
        var label = lines[i];
        var j = i + 1;
        if (j < lines.Length && !lines[j].IsBlank && lines[j].Text.Length <= MaxCaptionLength
            && BoilerplateRules.Classify(lines[j].Text) is null && !TeaserParser.TryParse(lines[j].Text, out _, out _)
            && !CreditParser.TryParseCreditLine(lines[j].Text, out _, out _))
        {
            var text = lines[j].Text;
            var image = CreditParser.TrySplitTrailingCredit(text, out var caption, out var credit, out _)
                ? new ImageBlock(caption, CreditParser.Split(credit), new LineRange(label.Number, lines[j].Number))
                : new ImageBlock(text, null, new LineRange(label.Number, lines[j].Number));
            blocks.Add(image);
            return j + 1;
        }

        AddBoilerplate(label.Number, label.Text, BoilerplateRules.ImageLabel);
        return i + 1;
    }

    // "Kendall Jenner attends her birthday" / "Photo: Splash": the credit closes the line just before it.
    private int AttachCreditLine(int i, string creditRaw, string rest)
    {
        var line = lines[i];
        var credit = CreditParser.Split(creditRaw);
        var previous = blocks.Count > 0 ? blocks[^1] : null;
        if (previous is ParagraphBlock p && p.Lines.First == p.Lines.Last && p.Lines.Last == line.Number - 1 && p.Text.Length <= MaxCaptionLength)
        {
            blocks[^1] = new ImageBlock(p.Text, credit, new LineRange(p.Lines.First, line.Number));
        }
        else if (previous is ImageBlock { Credit: null } image && image.Lines.Last == line.Number - 1)
        {
            blocks[^1] = image with { Credit = credit, Lines = new LineRange(image.Lines.First, line.Number) };
        }
        else
        {
            blocks.Add(new ImageBlock(string.Empty, credit, LineRange.OneLine(line.Number)));
            Inform(line.Number, DiagnosticCodes.CreditWithoutCaption, $"The credit \"{creditRaw}\" has no caption line directly above it; kept as an image with an empty caption.");
        }

        if (rest.Length > 0)
        {
            blocks.Add(new ParagraphBlock(rest, LineRange.OneLine(line.Number)));
        }

        return i + 1;
    }
}
