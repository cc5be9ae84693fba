using System.Globalization;
using Microsoft.Extensions.Options;
using NewsApi.Hosting;

namespace NewsApi.Articles;

/// <summary>
/// The one function that gives an article its public <c>url</c>: <c>NewsApi:PublicArticleUrl</c> with <c>{id}</c> and
/// <c>{slug}</c> filled in, otherwise the article's API URL under <c>NewsApi:PublicBaseUrl</c>, otherwise under the
/// current request's scheme, host and path base.
/// </summary>
/// <remarks>
/// A URL that depends on the request cannot be stored in a rendition shared by every request, so without either
/// setting the renditions are not used (<see cref="NewsApiOptions.StoresRenditions"/>) and the output cache, whose key
/// includes the host, keeps one copy per host.
/// </remarks>
public sealed class ArticleUrls(IOptions<NewsApiOptions> options, IHttpContextAccessor http)
{
    private readonly string? _template = string.IsNullOrWhiteSpace(options.Value.PublicArticleUrl) ? null : options.Value.PublicArticleUrl;
    private readonly string? _base = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>The public URL of the article with this id and slug.</summary>
    public string For(int id, string slug)
    {
        if (_template is not null)
        {
            return _template.Replace("{id}", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal);
        }

        return $"{BaseUrl()}/api/v1/articles/{Uri.EscapeDataString(slug)}";
    }

    /// <summary>This API's absolute base URL: <c>NewsApi:PublicBaseUrl</c>, or the current request's.</summary>
    public string BaseUrl()
    {
        if (_base is not null)
        {
            return _base;
        }

        var request = http.HttpContext?.Request
            ?? throw new InvalidOperationException("An article URL relative to the request was asked for outside a request.");
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
    }
}
