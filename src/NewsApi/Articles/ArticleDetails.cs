using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Data.Entities;

namespace NewsApi.Articles;

/// <summary>Loads one article whole: body blocks, images, related links and provenance.</summary>
public sealed class ArticleDetails(NewsDbContext db, ArticleUrls urls, ArticleTeasers teasers)
{
    /// <summary>
    /// The article a key names, whatever its spelling (leading zeros in an id, upper case in a slug), with its
    /// canonical key: the id in plain digits, or the slug as stored. Null when there is none.
    /// </summary>
    public async Task<(int Id, string Key)?> ResolveAsync(ArticleKey key, CancellationToken ct)
    {
        if (key.IsImpossible)
        {
            return null;
        }

        var articles = db.Articles.AsNoTracking();
        var article = await (key.Id is { } id ? articles.Where(a => a.Id == id) : articles.Where(a => a.Slug == key.Slug))
            .Select(a => new { a.Id, a.Slug })
            .FirstOrDefaultAsync(ct);
        return article is null ? null : (article.Id, ArticleKey.Canonical(article.Id, article.Slug, key));
    }

    /// <summary>The tombstone of a removed article with this id or slug; null when none was removed under it.</summary>
    public async Task<ArticleTombstone?> FindRemovedAsync(ArticleKey key, CancellationToken ct)
    {
        var tombstones = db.ArticleTombstones.AsNoTracking();
        return key switch
        {
            { Id: { } id } => await tombstones.FirstOrDefaultAsync(t => t.ArticleId == id, ct),
            { Slug: { } slug } => await tombstones.FirstOrDefaultAsync(t => t.Slug == slug, ct),
            _ => null,
        };
    }

    public async Task<ArticleResponse?> LoadAsync(int id, CancellationToken ct)
    {
        var article = await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => new
        {
            a.Id,
            a.Slug,
            a.Title,
            a.Summary,
            a.WordCount,
            a.UpdatedAt,
            a.Byline,
            a.PublishedAt,
            a.Dateline,
            a.SourceUrl,
            a.FirstSeenAt,
            Source = new { a.SourceFileName, a.Sha256, a.SourceSize, a.SourceEncoding, a.SourceLineEndings, a.ImportedAt, a.Diagnostics },
        }).FirstOrDefaultAsync(ct);
        if (article is null)
        {
            return null;
        }

        var blocks = await db.BodyBlocks.AsNoTracking().Where(b => b.ArticleId == id).OrderBy(b => b.Position)
            .Select(b => new { b.Type, b.Text, b.ImageId, b.RelatedLinkId, b.FirstLine, b.LastLine })
            .ToListAsync(ct);
        var images = await ImagesOfAsync(id, ct);
        var links = await RelatedLinksOfAsync(id, ct);

        var body = blocks.Select(b => b.Type switch
        {
            BlockType.Image => (BodyBlockResponse)new ImageBlockResponse(b.ImageId!.Value, new LineRangeResponse(b.FirstLine, b.LastLine)),
            BlockType.RelatedLink => new RelatedLinkBlockResponse(b.RelatedLinkId!.Value, new LineRangeResponse(b.FirstLine, b.LastLine)),
            _ => new ParagraphBlockResponse(b.Text ?? string.Empty, new LineRangeResponse(b.FirstLine, b.LastLine)),
        }).ToList();

        var s = article.Source;
        return new ArticleResponse(article.Id, article.Slug, urls.For(article.Id, article.Slug), article.Title, article.Summary, article.WordCount, article.UpdatedAt,
            body, images, links,
            new SourceResponse(s.SourceFileName, s.Sha256, s.SourceSize, s.SourceEncoding, s.SourceLineEndings, s.ImportedAt,
                s.Diagnostics.Select(DiagnosticResponse.From).ToList()))
        {
            Byline = article.Byline,
            PublishedAt = article.PublishedAt,
            Dateline = article.Dateline,
            SourceUrl = article.SourceUrl,
            FirstSeenAt = article.FirstSeenAt,
        };
    }

    public Task<List<ImageResponse>> ImagesOfAsync(int id, CancellationToken ct) =>
        db.Images.AsNoTracking().Where(i => i.ArticleId == id).OrderBy(i => i.Position)
            .Select(i => new ImageResponse(i.Id, i.Position, i.Caption, i.Credit, i.CreditAgency, i.CreditPhotographer, new LineRangeResponse(i.FirstLine, i.LastLine)))
            .ToListAsync(ct);

    /// <summary>The article's related links in body order, each with its <c>target</c> teaser card when resolved.</summary>
    public async Task<List<RelatedLinkResponse>> RelatedLinksOfAsync(int id, CancellationToken ct)
    {
        var links = await db.RelatedLinks.AsNoTracking().Where(r => r.ArticleId == id).OrderBy(r => r.Position)
            .Select(r => new RelatedLinkResponse(r.Id, r.Position, r.Title, r.Marker, r.TargetArticleId,
                r.TargetArticle == null ? null : r.TargetArticle.Slug, new LineRangeResponse(r.FirstLine, r.LastLine)))
            .ToListAsync(ct);
        return await teasers.WithTargetsAsync(links, ct);
    }
}
