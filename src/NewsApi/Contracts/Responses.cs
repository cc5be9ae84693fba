using System.Text.Json.Serialization;
using NewsApi.Data.Entities;
using NewsApi.Parsing;

namespace NewsApi.Contracts;

/// <summary>One page of a collection, with totals for page links and a cursor for infinite scroll.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="Page">The 1-based page number, or null when the page was reached by cursor.</param>
/// <param name="PageSize">The requested page size.</param>
/// <param name="TotalItems">Items matching the query across all pages.</param>
/// <param name="TotalPages">Pages of <paramref name="PageSize"/> items.</param>
/// <param name="NextCursor">Pass as <c>after</c> to get the next page; null on the last page.</param>
public sealed record PagedResponse<T>(IReadOnlyList<T> Items, int? Page, int PageSize, int TotalItems, int TotalPages, string? NextCursor);

/// <summary>The first and last source line a part of an article came from (1-based, inclusive).</summary>
/// <param name="First">The first source line (1-based).</param>
/// <param name="Last">The last source line (inclusive); equal to <paramref name="First"/> for a one-line part.</param>
public sealed record LineRangeResponse(int First, int Last);

/// <summary>A reference to an article: its id, slug and headline.</summary>
/// <param name="Id">The article's stable numeric id.</param>
/// <param name="Slug">The article's stable URL slug (<c>GET /api/v1/articles/{slug}</c>).</param>
/// <param name="Title">The article's headline.</param>
public sealed record ArticleReference(int Id, string Slug, string Title);

/// <summary>The first image of an article, for list pages.</summary>
/// <param name="Id">The image id.</param>
/// <param name="Caption">Caption without the credit.</param>
/// <param name="Credit">The credit as written (<c>REUTERS/Jason Lee</c>), or null.</param>
public sealed record LeadImageResponse(int Id, string Caption, string? Credit);

/// <summary>An article as listed: enough for a list page or a search result.</summary>
/// <param name="Id">Stable numeric id.</param>
/// <param name="Slug">Stable URL slug made from the title.</param>
/// <param name="Url">Where readers find the article: <c>NewsApi:PublicArticleUrl</c> filled in, or else the article's absolute API URL.</param>
/// <param name="Title">The headline.</param>
/// <param name="Summary">The first paragraph.</param>
/// <param name="WordCount">Words in the paragraphs.</param>
/// <param name="ImageCount">Images in the body.</param>
/// <param name="RelatedLinkCount">Related-link teasers in the body.</param>
/// <param name="LeadImage">The first image, or null.</param>
/// <param name="UpdatedAt">When the article's content last changed (UTC).</param>
/// <param name="Score">Search relevance (higher is better) when the list was searched with <c>q</c>; otherwise null.</param>
/// <param name="Highlights">Snippets around the matched terms, each labelled with the part it comes from (title, then body, then caption; only parts that matched), HTML-escaped with matches wrapped in <c>&lt;mark&gt;</c>; null without <c>q</c>.</param>
public sealed record ArticleSummaryResponse(
    int Id,
    string Slug,
    string Url,
    string Title,
    string Summary,
    int WordCount,
    int ImageCount,
    int RelatedLinkCount,
    LeadImageResponse? LeadImage,
    DateTimeOffset UpdatedAt,
    double? Score,
    IReadOnlyList<HighlightResponse>? Highlights)
{
    // Header metadata (issue 18), kept together as init properties so other additions to this record merge cleanly.

    /// <summary>The author as printed under the headline (<c>Jane Doe</c> from <c>By Jane Doe</c>), or null.</summary>
    /// <example>Maren Oakley</example>
    public string? Byline { get; init; }

    /// <summary>When the source says the article was published (UTC), or null when it prints no date. A date without a time is that day at 00:00 UTC.</summary>
    /// <example>2019-01-17T10:53:00.000Z</example>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>The place/agency prefix of the first paragraph (<c>WASHINGTON (AP)</c>, <c>(CNN)</c>), or null.</summary>
    /// <example>WASHINGTON (AP)</example>
    public string? Dateline { get; init; }

    /// <summary>The source URL printed under the headline, or null.</summary>
    /// <example>https://example.org/news/2019/01/17/story/</example>
    public string? SourceUrl { get; init; }

    /// <summary>When this store first imported the article (UTC); kept across re-imports, updates and restores.</summary>
    /// <example>2026-11-28T15:43:12.448Z</example>
    public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>
    /// The body as HTML5, only with <c>include=bodyHtml</c> (absent otherwise): a <c>&lt;p&gt;</c> per paragraph, a
    /// <c>&lt;figure data-image-id&gt;</c> (a <c>&lt;figcaption&gt;</c> with the credit in
    /// <c>&lt;small class="credit"&gt;</c>; no <c>img</c>: the source has no picture) per image, an <c>&lt;aside class="related"&gt;</c> per teaser (a link to
    /// the target's <c>url</c> when resolved), in <c>body</c> order. All text is escaped; no other element appears.
    /// </summary>
    /// <example>&lt;p&gt;North Korean officials are heading to the US.&lt;/p&gt;&lt;figure data-image-id="1"&gt;&lt;figcaption&gt;Kim Yong Chol at Beijing airport &lt;small class="credit"&gt;REUTERS/Jason Lee&lt;/small&gt;&lt;/figcaption&gt;&lt;/figure&gt;&lt;aside class="related"&gt;&lt;a href="http://localhost:5000/api/v1/articles/storm-closes-harbour-bridge"&gt;Storm closes harbour bridge&lt;/a&gt;&lt;/aside&gt;</example>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BodyHtml { get; init; }
}

/// <summary>A search snippet and the part of the article it comes from, so a result card can show it in the right place.</summary>
/// <param name="Field"><c>title</c> (the whole headline), <c>body</c> (up to 24 words of the paragraphs around the best match) or <c>caption</c> (up to 16 words of the image captions).</param>
/// <param name="Text">The snippet, HTML-escaped, with matches in <c>&lt;mark&gt;</c> (the only tags), and <c>…</c> where it is cut.</param>
public sealed record HighlightResponse(string Field, string Text);

/// <summary>A block of an article body, in reading order.</summary>
/// <param name="Lines">Source lines of the block.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ParagraphBlockResponse), "paragraph")]
[JsonDerivedType(typeof(ImageBlockResponse), "image")]
[JsonDerivedType(typeof(RelatedLinkBlockResponse), "relatedLink")]
public abstract record BodyBlockResponse(LineRangeResponse Lines);

/// <summary>A paragraph of text.</summary>
/// <param name="Text">The paragraph as plain text (no markup), with typographic quotes as written.</param>
/// <param name="Lines">Source lines of the paragraph.</param>
public sealed record ParagraphBlockResponse(string Text, LineRangeResponse Lines) : BodyBlockResponse(Lines);

/// <summary>The place of an image; its caption and credit are in <c>images</c> under the same id.</summary>
/// <param name="ImageId">The id of the image in the article's <c>images</c>.</param>
/// <param name="Lines">Source lines of the image's caption (and its duplicate or credit line).</param>
public sealed record ImageBlockResponse(int ImageId, LineRangeResponse Lines) : BodyBlockResponse(Lines);

/// <summary>The place of a related-link teaser; its details are in <c>relatedLinks</c> under the same id.</summary>
/// <param name="RelatedLinkId">The id of the teaser in the article's <c>relatedLinks</c>.</param>
/// <param name="Lines">Source lines of the teaser.</param>
public sealed record RelatedLinkBlockResponse(int RelatedLinkId, LineRangeResponse Lines) : BodyBlockResponse(Lines);

/// <summary>An image of an article: caption and credit, the credit also split into agency and photographer.</summary>
/// <param name="Id">Image id.</param>
/// <param name="Position">1-based position among the article's images.</param>
/// <param name="Caption">Caption without the credit.</param>
/// <param name="Credit">The credit as written, or null.</param>
/// <param name="CreditAgency">The agency part of an <c>AGENCY/Photographer</c> credit, or null.</param>
/// <param name="CreditPhotographer">The photographer part, or null.</param>
/// <param name="Lines">Source lines of the caption (and its duplicate or credit line).</param>
public sealed record ImageResponse(int Id, int Position, string Caption, string? Credit, string? CreditAgency, string? CreditPhotographer, LineRangeResponse Lines);

/// <summary>An image with the article it belongs to.</summary>
/// <param name="Id">Image id.</param>
/// <param name="Position">1-based position among the article's images.</param>
/// <param name="Caption">Caption without the credit.</param>
/// <param name="Credit">The credit as written, or null.</param>
/// <param name="CreditAgency">The agency part of an <c>AGENCY/Photographer</c> credit, or null.</param>
/// <param name="CreditPhotographer">The photographer part, or null.</param>
/// <param name="Lines">Source lines of the caption (and its duplicate or credit line).</param>
/// <param name="Article">The article whose body holds the image.</param>
public sealed record ImageWithArticleResponse(int Id, int Position, string Caption, string? Credit, string? CreditAgency, string? CreditPhotographer, LineRangeResponse Lines, ArticleReference Article);

/// <summary>
/// The article a resolved related link (or a backlink) names, with what a teaser card shows, so a client needs no
/// further request to draw it.
/// </summary>
/// <param name="Id" example="2">The article's stable numeric id.</param>
/// <param name="Slug" example="storm-closes-harbour-bridge">The article's stable URL slug.</param>
/// <param name="Title" example="Storm closes harbour bridge">The article's headline as it is now (not as the teaser wrote it).</param>
/// <param name="Summary" example="The bridge was closed on Tuesday as winds reached 120 km/h.">The article's first paragraph.</param>
/// <param name="LeadImage">The article's first image, in the shape list items use, or null.</param>
/// <param name="Url" example="https://news.example.com/api/v1/articles/storm-closes-harbour-bridge">Where readers find the article (as the article's own <c>url</c>).</param>
public sealed record ArticleTeaserResponse(int Id, string Slug, string Title, string Summary, LeadImageResponse? LeadImage, string Url);

/// <summary>A related-link teaser, resolved to the article it names when that article is in the store.</summary>
/// <param name="Id">Related-link id.</param>
/// <param name="Position">1-based position among the article's related links.</param>
/// <param name="Title">The headline as written in the teaser.</param>
/// <param name="Marker">The marker used: <c>MORE</c>, <c>READ MORE</c>, <c>RELATED</c>...</param>
/// <param name="TargetArticleId">Deprecated: use <c>target.id</c>. The id of the named article, or null when it is not in the store.</param>
/// <param name="TargetSlug">Deprecated: use <c>target.slug</c>. The slug of the named article, or null.</param>
/// <param name="Lines">Source lines of the teaser.</param>
public sealed record RelatedLinkResponse(int Id, int Position, string Title, string Marker,
    [property: Obsolete("Use Target.Id.")] int? TargetArticleId,
    [property: Obsolete("Use Target.Slug.")] string? TargetSlug,
    LineRangeResponse Lines)
{
    /// <summary>The named article as a teaser card (title, summary, lead image, url), or null when it is not in the store.</summary>
    public ArticleTeaserResponse? Target { get; init; }
}

/// <summary>A related link with the article whose body holds it.</summary>
/// <param name="Id">Related-link id.</param>
/// <param name="Position">1-based position among the article's related links.</param>
/// <param name="Title">The headline as written in the teaser.</param>
/// <param name="Marker">The marker used: <c>MORE</c>, <c>READ MORE</c>, <c>RELATED</c>...</param>
/// <param name="TargetArticleId">Deprecated: use <c>target.id</c>. The id of the named article, or null when it is not in the store.</param>
/// <param name="TargetSlug">Deprecated: use <c>target.slug</c>. The slug of the named article, or null.</param>
/// <param name="Lines">Source lines of the teaser.</param>
/// <param name="Article">The article whose body holds the teaser.</param>
public sealed record RelatedLinkWithArticleResponse(int Id, int Position, string Title, string Marker,
    [property: Obsolete("Use Target.Id.")] int? TargetArticleId,
    [property: Obsolete("Use Target.Slug.")] string? TargetSlug,
    LineRangeResponse Lines, ArticleReference Article)
{
    /// <summary>The named article as a teaser card (title, summary, lead image, url), or null when it is not in the store.</summary>
    public ArticleTeaserResponse? Target { get; init; }
}

/// <summary>A parser finding about the source file.</summary>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>error</c>; an error means the file was not imported.</param>
/// <param name="Code">A stable machine-readable code, such as <c>empty-file</c> or <c>share-prompt</c>.</param>
/// <param name="Line">The 1-based source line the finding is about; 0 when it is about the whole file.</param>
/// <param name="Message">What the parser noticed, for people.</param>
public sealed record DiagnosticResponse(string Severity, string Code, int Line, string Message)
{
    /// <summary>A diagnostic as the store keeps it (on an article or an import's file).</summary>
    public static DiagnosticResponse From(ArticleDiagnostic d) => new(d.Severity, d.Code, d.Line, d.Message);

    /// <summary>A diagnostic straight from the parser, for text that was not stored.</summary>
    public static DiagnosticResponse From(Diagnostic d) => new(d.Severity.ToString().ToLowerInvariant(), d.Code, d.Line, d.Message);
}

/// <summary>Provenance: the source file an article was parsed from.</summary>
/// <param name="FileName">Path relative to the source folder.</param>
/// <param name="Sha256">SHA-256 of the file's bytes.</param>
/// <param name="Size">File size in bytes.</param>
/// <param name="Encoding">Detected encoding (<c>utf-8</c>, <c>windows-1252</c>...).</param>
/// <param name="LineEndings">Line-ending style (<c>LF</c>, <c>CRLF</c>, <c>CR</c>...).</param>
/// <param name="ImportedAt">When the article was first imported (UTC).</param>
/// <param name="Diagnostics">What the parser noticed.</param>
public sealed record SourceResponse(string FileName, string Sha256, long Size, string Encoding, string LineEndings, DateTimeOffset ImportedAt, IReadOnlyList<DiagnosticResponse> Diagnostics);

/// <summary>A whole article: body blocks in reading order, images, related links and provenance.</summary>
/// <param name="Id">Stable numeric id.</param>
/// <param name="Slug">Stable URL slug made from the title.</param>
/// <param name="Url">Where readers find the article: <c>NewsApi:PublicArticleUrl</c> filled in, or else the article's absolute API URL.</param>
/// <param name="Title">The headline.</param>
/// <param name="Summary">The first paragraph.</param>
/// <param name="WordCount">Words in the paragraphs.</param>
/// <param name="UpdatedAt">When the article's content last changed (UTC); also sent as <c>Last-Modified</c>.</param>
/// <param name="Body">Paragraphs, images and related-link teasers in reading order, told apart by <c>type</c>.</param>
/// <param name="Images">The article's images in body order; image blocks in <c>body</c> refer to them by id.</param>
/// <param name="RelatedLinks">The article's related-link teasers in body order; related-link blocks in <c>body</c> refer to them by id.</param>
/// <param name="Source">The source file the article was parsed from.</param>
public sealed record ArticleResponse(
    int Id,
    string Slug,
    string Url,
    string Title,
    string Summary,
    int WordCount,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<BodyBlockResponse> Body,
    IReadOnlyList<ImageResponse> Images,
    IReadOnlyList<RelatedLinkResponse> RelatedLinks,
    SourceResponse Source)
{
    // Header metadata (issue 18), kept together as init properties so other additions to this record merge cleanly.

    /// <summary>The author as printed under the headline (<c>Jane Doe</c> from <c>By Jane Doe</c>), or null.</summary>
    /// <example>Maren Oakley</example>
    public string? Byline { get; init; }

    /// <summary>When the source says the article was published (UTC), or null when it prints no date. A date without a time is that day at 00:00 UTC.</summary>
    /// <example>2019-01-17T10:53:00.000Z</example>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>The place/agency prefix of the first paragraph (<c>WASHINGTON (AP)</c>, <c>(CNN)</c>), or null.</summary>
    /// <example>WASHINGTON (AP)</example>
    public string? Dateline { get; init; }

    /// <summary>The source URL printed under the headline, or null.</summary>
    /// <example>https://example.org/news/2019/01/17/story/</example>
    public string? SourceUrl { get; init; }

    /// <summary>When this store first imported the article (UTC); kept across re-imports, updates and restores.</summary>
    /// <example>2026-11-28T15:43:12.448Z</example>
    public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>
    /// The body as HTML5, only with <c>include=bodyHtml</c> (absent otherwise): a <c>&lt;p&gt;</c> per paragraph, a
    /// <c>&lt;figure data-image-id&gt;</c> (a <c>&lt;figcaption&gt;</c> with the credit in
    /// <c>&lt;small class="credit"&gt;</c>; no <c>img</c>: the source has no picture) per image, an <c>&lt;aside class="related"&gt;</c> per teaser (a link to
    /// the target's <c>url</c> when resolved), in <c>body</c> order. All text is escaped; no other element appears.
    /// </summary>
    /// <example>&lt;p&gt;North Korean officials are heading to the US.&lt;/p&gt;&lt;figure data-image-id="1"&gt;&lt;figcaption&gt;Kim Yong Chol at Beijing airport &lt;small class="credit"&gt;REUTERS/Jason Lee&lt;/small&gt;&lt;/figcaption&gt;&lt;/figure&gt;&lt;aside class="related"&gt;&lt;a href="http://localhost:5000/api/v1/articles/storm-closes-harbour-bridge"&gt;Storm closes harbour bridge&lt;/a&gt;&lt;/aside&gt;</example>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? BodyHtml { get; init; }
}

/// <summary>A file of an import run that was skipped, or imported with diagnostics.</summary>
/// <param name="FileName">Path relative to the source folder.</param>
/// <param name="Outcome"><c>imported</c>, <c>updated</c>, <c>removed</c> or <c>skipped</c>.</param>
/// <param name="ArticleId">The file's article, or null when a new file was skipped.</param>
/// <param name="Diagnostics">What the parser noticed, with the reason for a skip.</param>
public sealed record ImportFileResponse(string FileName, string Outcome, int? ArticleId, IReadOnlyList<DiagnosticResponse> Diagnostics);

/// <summary>One import run with its counts and per-file diagnostics.</summary>
/// <param name="Id">The run's id, increasing with each run.</param>
/// <param name="Status"><c>running</c>, <c>completed</c>, <c>incomplete</c> when part of the folder could not be read or a pruning run found no file at all (nothing was removed), <c>interrupted</c> when the process stopped or was killed during the run, or <c>failed</c> when the store failed (committed batches stay).</param>
/// <param name="StartedAt">When the run started (UTC).</param>
/// <param name="FinishedAt">When the run finished (UTC), or null while it is running.</param>
/// <param name="FilesSeen"><c>*.txt</c> files found in the source folder (known once the folder is listed).</param>
/// <param name="Processed">Files whose batch is committed so far: the run's progress out of <c>filesSeen</c>.</param>
/// <param name="Imported">Files imported as new articles.</param>
/// <param name="Updated">Changed files whose articles were replaced (keeping id and slug).</param>
/// <param name="Unchanged">Files skipped because their content had not changed.</param>
/// <param name="Removed">Articles removed because their files were gone.</param>
/// <param name="Skipped">Files that could not be imported; they are listed in <c>files</c>.</param>
/// <param name="Missing">Articles whose files were not found and that were kept (the run did not prune, could not, or they were created through the API).</param>
/// <param name="Files">Files that were skipped or imported with diagnostics, by file name.</param>
public sealed record ImportRunResponse(
    int Id,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int FilesSeen,
    int Processed,
    int Imported,
    int Updated,
    int Unchanged,
    int Removed,
    int Skipped,
    int Missing,
    IReadOnlyList<ImportFileResponse> Files);

/// <summary>A headline completion.</summary>
/// <param name="Id">The article's stable numeric id.</param>
/// <param name="Slug">The article's stable URL slug.</param>
/// <param name="Title">The article's headline, to show in the search box.</param>
public sealed record SuggestionResponse(int Id, string Slug, string Title);
