namespace NewsApi.Articles;

public static class ArticlesSetup
{
    /// <summary>The query services behind the article endpoints (the controllers are found by MVC).</summary>
    public static void AddArticles(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ArticleQueries>();
        builder.Services.AddScoped<ArticleDetails>();
        builder.Services.AddScoped<ArticleTeasers>();
        builder.Services.AddSingleton<ArticleRepresentation>();
        builder.Services.AddSingleton<ArticleBodyHtml>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ArticleUrls>();
    }
}
