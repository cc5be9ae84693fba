using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;
using NewsApi.Contracts;

namespace NewsApi.Articles;

/// <summary>
/// An article's body as safe HTML5 (<c>include=bodyHtml</c>). Built with <see cref="TagBuilder"/>, which encodes every
/// text and attribute value it is given, so a <c>&lt;script&gt;</c> typed into a source file arrives as text; only
/// p, figure, figcaption, small, aside and a are ever written. A figure has no <c>img</c>: the source text carries
/// only the caption and credit, never the picture, and an <c>img</c> pointing anywhere would show a broken image; its
/// <c>data-image-id</c> lets a front-end that has the pictures put one in.
/// </summary>
public sealed class ArticleBodyHtml
{
    // Escapes what HTML needs (<, >, &, quotes) but leaves letters such as é and ’ as they are, so the HTML stays readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The body blocks of <paramref name="article"/> in reading order as HTML.</summary>
    public string Render(ArticleResponse article)
    {
        var images = article.Images.ToDictionary(i => i.Id);
        var links = article.RelatedLinks.ToDictionary(l => l.Id);
        var html = new HtmlContentBuilder();
        foreach (var block in article.Body)
        {
            switch (block)
            {
                case ParagraphBlockResponse paragraph:
                    html.AppendHtml(Element("p", paragraph.Text));
                    break;
                case ImageBlockResponse { ImageId: var imageId } when images.TryGetValue(imageId, out var image):
                    html.AppendHtml(Figure(image));
                    break;
                case RelatedLinkBlockResponse { RelatedLinkId: var linkId } when links.TryGetValue(linkId, out var link):
                    html.AppendHtml(Related(link));
                    break;
            }
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        html.WriteTo(writer, Encoder);
        return writer.ToString();
    }

    private TagBuilder Figure(ImageResponse image)
    {
        var caption = Element("figcaption", image.Caption);
        if (image.Credit is { } credit)
        {
            var small = Element("small", credit);
            small.AddCssClass("credit");
            caption.InnerHtml.Append(" ").AppendHtml(small);
        }

        var figure = new TagBuilder("figure");
        figure.Attributes["data-image-id"] = image.Id.ToString(CultureInfo.InvariantCulture);
        figure.InnerHtml.AppendHtml(caption);
        return figure;
    }

    private static TagBuilder Related(RelatedLinkResponse link)
    {
        var aside = new TagBuilder("aside");
        aside.AddCssClass("related");
        if (link.Target is { } target)
        {
            var a = Element("a", link.Title);
            a.Attributes["href"] = target.Url;
            aside.InnerHtml.AppendHtml(a);
        }
        else
        {
            aside.InnerHtml.Append(link.Title);
        }

        return aside;
    }

    private static TagBuilder Element(string name, string text)
    {
        var element = new TagBuilder(name);
        element.InnerHtml.Append(text);
        return element;
    }
}
