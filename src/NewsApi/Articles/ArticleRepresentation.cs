using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NewsApi.Contracts;
using NewsApi.Hosting;

namespace NewsApi.Articles;

/// <summary>An article as clients get it: the JSON body and the validators sent with it.</summary>
public sealed record RenderedArticle(byte[] Json, string ETag, string LastModified);

/// <summary>
/// The one place an article becomes bytes and an ETag. GET (through MVC or a stored rendition) and <c>If-Match</c> on
/// writes all use it, so the ETag a client read is the one a write compares with, whatever characters the article
/// holds (two encoders once made every article with a curly quote or an accent fail <c>If-Match</c>).
/// </summary>
public sealed class ArticleRepresentation(IOptions<JsonOptions> json)
{
    private readonly JsonSerializerOptions _json = json.Value.JsonSerializerOptions;

    /// <summary>
    /// The article's JSON, whole (what renditions store and <c>If-Match</c> compares) or trimmed to
    /// <paramref name="fields"/>; the ETag is the hash of the bytes sent, so each selection has its own.
    /// </summary>
    public RenderedArticle Render(ArticleResponse article, FieldSelection? fields = null)
    {
        byte[] body;
        if (fields is null)
        {
            body = JsonSerializer.SerializeToUtf8Bytes(article, _json);
        }
        else
        {
            var node = JsonSerializer.SerializeToNode(article, _json)!.AsObject();
            fields.Trim(node);
            body = JsonSerializer.SerializeToUtf8Bytes(node, _json);
        }

        return new RenderedArticle(body, ETags.For(body), article.UpdatedAt.ToString("R"));
    }

    /// <summary>A page of article summaries with each item trimmed to <paramref name="fields"/>; the envelope stays whole.</summary>
    public byte[] RenderPage(PagedResponse<ArticleSummaryResponse> page, FieldSelection fields)
    {
        var node = JsonSerializer.SerializeToNode(page, _json)!.AsObject();
        foreach (var item in node["items"]!.AsArray())
        {
            fields.Trim(item!.AsObject());
        }

        return JsonSerializer.SerializeToUtf8Bytes(node, _json);
    }
}
