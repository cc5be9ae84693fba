namespace NewsApi.Parsing;

/// <summary>
/// Page furniture that extractors leave in article text: video and share prompts, adverts, footers.
/// Matching is on whole cleaned lines, case-insensitive, so a sentence that merely mentions Twitter stays text.
/// </summary>
internal static class BoilerplateRules
{
    public const string VideoPrompt = "video-prompt";
    public const string SharePrompt = "share-prompt";
    public const string Advert = "advert";
    public const string Footer = "footer";
    public const string SourceUrl = "source-url";
    public const string Highlight = "highlight";
    public const string Markup = "markup";
    public const string TeaserHeader = "teaser-header";
    public const string ImageLabel = "image-label";

    private static readonly Dictionary<string, string> Exact = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Scroll down for video"] = VideoPrompt,
        ["Scroll down for videos"] = VideoPrompt,
        ["Scroll down to watch the video"] = VideoPrompt,
        ["Facebook Twitter Pinterest"] = SharePrompt,
        ["Share this article"] = SharePrompt,
        ["Share on Facebook"] = SharePrompt,
        ["Share on Twitter"] = SharePrompt,
        ["Share"] = SharePrompt,
        ["Tweet"] = SharePrompt,
        ["Advertisement"] = Advert,
        ["Hide Ad"] = Advert,
        ["Skip Ad"] = Advert,
        ["Sponsored"] = Advert,
        ["Story continues below advertisement"] = Advert,
        ["Article continues below advertisement"] = Advert,
        ["Continue reading below"] = Advert,
        ["Privacy Policy"] = Footer,
        ["Terms of Use"] = Footer,
        ["Cookie Policy"] = Footer,
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ExactLookup = Exact.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int MaxExactLength = Exact.Keys.Max(k => k.Length) + 8;

    private static readonly (string Prefix, string Kind)[] Prefixes =
    [
        ("Share this story", SharePrompt),
        ("Share this article", SharePrompt),
        ("Share this:", SharePrompt),
        ("Follow us on ", SharePrompt),
        ("Get in touch with our news team", Footer),
        ("Watch more of our videos", VideoPrompt),
        ("VIA|", Footer),
    ];

    private static readonly string[] SocialNetworks = [" on Twitter", " on Instagram", " on Facebook"];

    /// <summary>The boilerplate kind of a cleaned line, or null for article text.</summary>
    public static string? Classify(string text)
    {
        if (text.Length == 0 || text.Length > 300)
        {
            return null;
        }

        if (text.Length <= MaxExactLength)
        {
            var core = text.AsSpan().Trim(" -–—•|*").TrimEnd(".!…");
            if (ExactLookup.TryGetValue(core, out var kind))
            {
                return kind;
            }
        }

        foreach (var (prefix, k) in Prefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return k;
            }
        }

        // "Follow Lena on Twitter: @Lenadecasparis", "You can follow Anthony on Twitter @awzurcher".
        if ((text.StartsWith("Follow ", StringComparison.OrdinalIgnoreCase) || text.StartsWith("You can follow ", StringComparison.OrdinalIgnoreCase))
            && text.Length <= 200)
        {
            foreach (var network in SocialNetworks)
            {
                if (text.Contains(network, StringComparison.OrdinalIgnoreCase))
                {
                    return SharePrompt;
                }
            }
        }

        // CNN: "... Please share your videos, pictures and stories at iReport."
        if (text.Contains("iReport", StringComparison.Ordinal) && text.Contains("share your", StringComparison.OrdinalIgnoreCase))
        {
            return SharePrompt;
        }

        return null;
    }

    public static bool IsUrl(string text) =>
        (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        && !text.Contains(' ');
}
