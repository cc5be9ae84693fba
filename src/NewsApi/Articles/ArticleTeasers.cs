using Microsoft.EntityFrameworkCore;
using NewsApi.Contracts;
using NewsApi.Data;

namespace NewsApi.Articles;

/// <summary>
/// The one projection of an article into a teaser card (<see cref="ArticleTeaserResponse"/>): the <c>target</c> of
/// related links wherever they appear, and the items of backlinks. Two indexed queries for any number of articles,
/// so a list of links costs the same as one.
/// </summary>
public sealed class ArticleTeasers(NewsDbContext db, ArticleUrls urls)
{
    /// <summary>The teaser cards of the articles with these ids that exist, by id.</summary>
    public async Task<Dictionary<int, ArticleTeaserResponse>> LoadAsync(IEnumerable<int> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var articles = await db.Articles.AsNoTracking().Where(a => wanted.Contains(a.Id))
            .Select(a => new { a.Id, a.Slug, a.Title, a.Summary })
            .ToListAsync(ct);
        var leads = await db.Images.AsNoTracking().Where(i => wanted.Contains(i.ArticleId) && i.Position == 1)
            .ToDictionaryAsync(i => i.ArticleId, i => new LeadImageResponse(i.Id, i.Caption, i.Credit), ct);
        return articles.ToDictionary(a => a.Id,
            a => new ArticleTeaserResponse(a.Id, a.Slug, a.Title, a.Summary, leads.GetValueOrDefault(a.Id), urls.For(a.Id, a.Slug)));
    }

    /// <summary>The related links with their <c>target</c> filled in (null when unresolved).</summary>
    public async Task<List<RelatedLinkResponse>> WithTargetsAsync(IReadOnlyCollection<RelatedLinkResponse> links, CancellationToken ct)
    {
#pragma warning disable CS0618 // the deprecated id is still what the stored link carries
        var targets = await LoadAsync(links.Where(l => l.TargetArticleId is not null).Select(l => l.TargetArticleId!.Value), ct);
        return links.Select(l => l with { Target = l.TargetArticleId is { } id ? targets.GetValueOrDefault(id) : null }).ToList();
#pragma warning restore CS0618
    }

    /// <summary>The related links with their <c>target</c> filled in (null when unresolved).</summary>
    public async Task<List<RelatedLinkWithArticleResponse>> WithTargetsAsync(IReadOnlyCollection<RelatedLinkWithArticleResponse> links, CancellationToken ct)
    {
#pragma warning disable CS0618 // the deprecated id is still what the stored link carries
        var targets = await LoadAsync(links.Where(l => l.TargetArticleId is not null).Select(l => l.TargetArticleId!.Value), ct);
        return links.Select(l => l with { Target = l.TargetArticleId is { } id ? targets.GetValueOrDefault(id) : null }).ToList();
#pragma warning restore CS0618
    }
}
