using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;
using NewsApi.Data.Entities;

namespace NewsApi.Articles;

/// <summary>Loads one article whole: body blocks, images, related links and provenance.</summary>
public sealed class ArticleDetails(NewsDbContext db)
{
    /// <summary>Finds an article id by numeric id or slug; null when there is none.</summary>
    public async Task<int?> FindIdAsync(string idOrSlug, CancellationToken ct)
    {
        if (int.TryParse(idOrSlug, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return await db.Articles.AsNoTracking().Where(a => a.Id == id).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
        }

        if (idOrSlug.Length > Slugs.MaxLength + 12)
        {
            return null;
        }

        return await db.Articles.AsNoTracking().Where(a => a.Slug == idOrSlug).Select(a => (int?)a.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The tombstone of a removed article with this id or slug; null when none was removed under it.</summary>
    public async Task<ArticleTombstone?> FindRemovedAsync(string idOrSlug, CancellationToken ct)
    {
        var tombstones = db.ArticleTombstones.AsNoTracking();
        if (int.TryParse(idOrSlug, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return await tombstones.FirstOrDefaultAsync(t => t.ArticleId == id, ct);
        }

        return idOrSlug.Length > Slugs.MaxLength + 12 ? null : await tombstones.FirstOrDefaultAsync(t => t.Slug == idOrSlug, ct);
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
        return new ArticleResponse(article.Id, article.Slug, article.Title, article.Summary, article.WordCount, article.UpdatedAt,
            body, images, links,
            new SourceResponse(s.SourceFileName, s.Sha256, s.SourceSize, s.SourceEncoding, s.SourceLineEndings, s.ImportedAt,
                s.Diagnostics.Select(DiagnosticResponse.From).ToList()));
    }

    public Task<List<ImageResponse>> ImagesOfAsync(int id, CancellationToken ct) =>
        db.Images.AsNoTracking().Where(i => i.ArticleId == id).OrderBy(i => i.Position)
            .Select(i => new ImageResponse(i.Id, i.Position, i.Caption, i.Credit, i.CreditAgency, i.CreditPhotographer, new LineRangeResponse(i.FirstLine, i.LastLine)))
            .ToListAsync(ct);

    public Task<List<RelatedLinkResponse>> RelatedLinksOfAsync(int id, CancellationToken ct) =>
        db.RelatedLinks.AsNoTracking().Where(r => r.ArticleId == id).OrderBy(r => r.Position)
            .Select(r => new RelatedLinkResponse(r.Id, r.Position, r.Title, r.Marker, r.TargetArticleId,
                r.TargetArticle == null ? null : r.TargetArticle.Slug, new LineRangeResponse(r.FirstLine, r.LastLine)))
            .ToListAsync(ct);
}
