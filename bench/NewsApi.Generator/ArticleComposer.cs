namespace NewsApi.Generator;

/// <summary>Writes synthetic articles in the source format of data/articles (see the seed article).</summary>
internal sealed class ArticleComposer
{
    private static readonly string[] Titles = ["Minister", "President", "Judge", "Mayor", "Professor", "Dr", "Chancellor", "Coach", "Senator"];
    private static readonly string[] Groups = ["council", "police", "officials", "ministers", "residents", "hospital", "fans", "workers", "scientists", "campaigners", "doctors", "MPs"];
    private static readonly string[] Roles = ["Man", "Woman", "Teenager", "Pensioner", "Drink driver", "Mother", "Father", "Nurse", "Teacher", "Chef", "Student", "Grandmother"];
    private static readonly string[] PresentVerbs = ["warns of", "says", "faces", "hits out at", "slams", "backs", "rejects", "denies", "reveals", "plans", "launches", "urges", "vows to end", "calls for", "admits", "wins", "quits", "blames", "defends", "unveils", "confirms", "cancels", "delays", "heads to", "bans"];
    private static readonly string[] PluralVerbs = ["warn of", "reject", "back", "call for", "demand", "fear", "welcome", "protest over", "vote on", "clash over"];
    private static readonly string[] PastVerbs = ["jailed", "killed", "found dead", "rescued", "charged", "arrested", "injured", "fined", "cleared", "praised", "banned", "honoured"];
    private static readonly string[] Adjectives = ["new", "second", "major", "secret", "huge", "local", "national", "senior", "former", "final", "surprise", "record", "emergency"];
    private static readonly string[] Connectives = ["after", "amid", "over", "despite", "before", "following"];
    private static readonly string[] Agencies = ["REUTERS", "AP", "AFP", "EPA", "PA", "XINHUA", "SIPA", "ANADOLU"];
    private static readonly string[] AgencyPairs = ["AP/Reuters", "AFP/Getty Images", "PA/EPA", "Reuters/AP", "Getty/AFP"];
    private static readonly string[] AgenciesAlone = ["Getty Images", "Rex Features", "Shutterstock", "PA", "EPA", "Alamy"];

    private readonly Vocabulary _vocabulary;
    private readonly ulong _seed;
    private readonly string[] _headlines;
    private readonly HashSet<string> _headlineSet;

    /// <summary>
    /// Makes every headline up front: teasers must quote the exact headlines of other articles, and uniqueness
    /// is enforced here (a clash draws again from the same article's stream, so the result is still deterministic).
    /// </summary>
    public ArticleComposer(Vocabulary vocabulary, ulong seed, int count)
    {
        _vocabulary = vocabulary;
        _seed = seed;
        _headlines = new string[count];
        _headlineSet = new HashSet<string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var rng = Rng.For(seed, i, Purpose.Headline);
            string headline;
            do
            {
                headline = MakeHeadline(rng);
            }
            while (!_headlineSet.Add(headline));
            _headlines[i] = headline;
        }
    }

    /// <summary>Writes article <paramref name="index"/> into <paramref name="text"/>: LF line endings, no final newline (like the seed).</summary>
    public void Compose(int index, TextBuffer text)
    {
        var rng = Rng.For(_seed, index, Purpose.Body);
        text.Clear();
        text.Append(_headlines[index]);

        var paragraphs = rng.Next(5, 15);

        // Images: most articles have one, near the top as in the seed; some none, some two or three.
        var roll = rng.Next(100);
        var images = roll < 12 ? 0 : roll < 75 ? 1 : roll < 92 ? 2 : 3;
        var imageAt = new int[images];
        for (var i = 0; i < images; i++)
        {
            imageAt[i] = i == 0 && rng.Chance(0.8) ? 0 : rng.Next(1, paragraphs - 1);
        }

        // Teasers: 0-3 consecutive MORE lines, always with a paragraph before and after them.
        roll = rng.Next(100);
        var teasers = roll < 35 ? 0 : roll < 65 ? 1 : roll < 90 ? 2 : 3;
        var teasersAt = rng.Next(1, paragraphs - 1);

        for (var p = 0; p < paragraphs; p++)
        {
            foreach (var at in imageAt)
            {
                if (at == p)
                {
                    text.Append("\n\n");
                    WriteImage(rng, text);
                }
            }

            if (teasers > 0 && teasersAt == p)
            {
                text.Append('\n');
                WriteTeasers(rng, index, teasers, text);
            }

            text.Append("\n\n");
            WriteParagraph(rng, text);
        }
    }

    private string MakeHeadline(Rng rng)
    {
        while (true)
        {
            // Optional tails spread the length over the 6-14 words wanted; out-of-range drafts are redrawn below.
            var headline = rng.Next(100) switch
            {
                < 30 => $"{Role(rng)}, {rng.Next(17, 94)}, {rng.Pick(PastVerbs)} {rng.Pick(Connectives)} {Phrase(rng)}{Tail(rng, 0.5, $" in {rng.Pick(Vocabulary.Places)}")}",
                < 55 => $"{Person(rng)} {rng.Pick(PresentVerbs)} {Phrase(rng)}{Tail(rng, 0.6, $" {rng.Pick(Connectives)} {Phrase(rng)}")}{Tail(rng, 0.3, $" in {rng.Pick(Vocabulary.Places)}")}",
                < 80 => $"{rng.Pick(Vocabulary.Places)} {rng.Pick(Groups)} {rng.Pick(PluralVerbs)} {Phrase(rng)}{Tail(rng, 0.6, $" as {Content(rng)} {(rng.Chance(0.5) ? "row grows" : "talks stall")}")}",
                _ => $"{rng.Pick(Adjectives)} {Content(rng)} {rng.Pick(PresentVerbs)} {Phrase(rng)}{Tail(rng, 0.7, $" {rng.Pick(Connectives)} {rng.Next(2, 500)} {Content(rng)}")}",
            };
            var words = headline.Count(c => c == ' ') + 1;
            if (words is >= 6 and <= 14)
            {
                return char.ToUpperInvariant(headline[0]) + headline[1..];
            }
        }
    }

    private static string Role(Rng rng) => rng.Chance(0.3) ? $"{rng.Pick(Vocabulary.Places)} {rng.Pick(Roles).ToLowerInvariant()}" : rng.Pick(Roles);

    private string Person(Rng rng) => rng.Chance(0.4) ? $"{rng.Pick(Titles)} {Surname(rng)}" : $"{rng.Pick(Vocabulary.FirstNames)} {Surname(rng)}";

    private string Surname(Rng rng) => rng.Chance(0.5) ? rng.Pick(Vocabulary.RealSurnames) : rng.Pick(_vocabulary.PseudoSurnames);

    private static string Tail(Rng rng, double probability, string tail) => rng.Chance(probability) ? tail : "";

    private string Phrase(Rng rng) => rng.Next(100) switch
    {
        < 25 => Content(rng),
        < 60 => $"{rng.Pick(Adjectives)} {Content(rng)}",
        < 90 => $"{Content(rng)} {Content(rng)}",
        _ => $"{Content(rng)} and {Content(rng)}",
    };

    private string Content(Rng rng) => _vocabulary.Sample(rng, _vocabulary.FirstContentRank);

    private void WriteTeasers(Rng rng, int index, int teasers, TextBuffer text)
    {
        Span<int> used = stackalloc int[3];
        var linked = 0;
        for (var t = 0; t < teasers; t++)
        {
            text.Append("\nMORE: ");

            // In tiny sets there may be no other article left to link to (count 1-3): name a missing one instead.
            if (linked >= _headlines.Length - 1 || rng.Chance(0.04))
            {
                text.Append(MissingHeadline(index, t));
                continue;
            }

            // Mostly neighbours (stories of the same day), sometimes anywhere in the set; never itself or a repeat.
            int target;
            do
            {
                target = rng.Chance(0.6)
                    ? Math.Clamp(index + rng.Next(-20, 20), 0, _headlines.Length - 1)
                    : rng.Next(_headlines.Length);
            }
            while (target == index || used[..linked].Contains(target));
            used[linked++] = target;
            text.Append(_headlines[target]);
        }
    }

    /// <summary>A headline-shaped teaser that names no article in the set (a story outside the corpus).</summary>
    private string MissingHeadline(int index, int teaser)
    {
        var rng = Rng.For(_seed, index * 4 + teaser, Purpose.MissingHeadline);
        string headline;
        do
        {
            headline = MakeHeadline(rng);
        }
        while (_headlineSet.Contains(headline));
        return headline;
    }

    private void WriteImage(Rng rng, TextBuffer text)
    {
        text.Append("<em>");
        var start = text.Length;
        WriteSentence(rng, text, rng.Next(8, 18), caption: true);
        text.Append(' ');
        var roll = rng.Next(100);
        text.Append(roll switch
        {
            < 70 => $"(Picture: {rng.Pick(Agencies)}/{Photographer(rng)})",
            < 78 => $"(Pictures: {rng.Pick(AgencyPairs)})",
            < 88 => $"(Picture: {rng.Pick(AgenciesAlone)})",
            < 95 => $"(Photo: {rng.Pick(Agencies)}/{Photographer(rng)})",
            _ => $"(Photo: {Photographer(rng)})",
        });
        var end = text.Length;
        text.Append("</em>\n");
        text.AppendCopy(start, end);
    }

    private string Photographer(Rng rng) => $"{rng.Pick(Vocabulary.FirstNames)} {Surname(rng)}";

    private void WriteParagraph(Rng rng, TextBuffer text)
    {
        var sentences = rng.Next(1, 4);

        // Some paragraphs are quotes in curly quotes, as in the seed: “...,” Name said.
        var quote = rng.Chance(0.12);
        if (quote)
        {
            text.Append('“');
        }

        for (var s = 0; s < sentences; s++)
        {
            if (s > 0)
            {
                text.Append(' ');
            }

            WriteSentence(rng, text, rng.Next(6, 24), caption: false);
        }

        if (quote)
        {
            if (text.Last == '.')
            {
                text.ReplaceLast(',');
            }

            text.Append("” ");
            text.Append(Person(rng));
            text.Append(" said.");
        }
    }

    private void WriteSentence(Rng rng, TextBuffer text, int words, bool caption)
    {
        for (var w = 0; w < words; w++)
        {
            if (w > 0)
            {
                text.Append(' ');
            }

            var roll = rng.Next(100);
            if (roll < 3)
            {
                text.Append(Person(rng));
                if (rng.Chance(0.2))
                {
                    text.Append("’s");
                }
            }
            else if (roll < 5)
            {
                text.Append(rng.Pick(Vocabulary.Places));
            }
            else if (roll < 7)
            {
                WriteNumber(rng, text);
            }
            else if (w == 0)
            {
                text.AppendCapitalised(_vocabulary.Sample(rng));
            }
            else
            {
                text.Append(_vocabulary.Sample(rng));
            }

            if (w < words - 1 && rng.Chance(0.05))
            {
                text.Append(',');
            }
        }

        if (!caption)
        {
            text.Append(rng.Chance(0.95) ? '.' : '?');
        }
    }

    private static void WriteNumber(Rng rng, TextBuffer text)
    {
        switch (rng.Next(5))
        {
            case 0:
                text.Append(rng.Next(1950, 2030));
                break;
            case 1:
                text.Append(rng.Next(2, 99));
                text.Append(rng.Chance(0.5) ? "" : "%");
                break;
            case 2:
                text.Append(rng.Next(1, 99));
                text.Append(',');
                text.Append((rng.Next(0, 9) * 100).ToString("000", System.Globalization.CultureInfo.InvariantCulture));
                break;
            case 3:
                text.Append(rng.Chance(0.5) ? '£' : '$');
                text.Append(rng.Next(1, 99));
                text.Append('.');
                text.Append(rng.Next(1, 9));
                text.Append(rng.Chance(0.6) ? "m" : "bn");
                break;
            default:
                text.Append(rng.Next(2, 12));
                break;
        }
    }
}
