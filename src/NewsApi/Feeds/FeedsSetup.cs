namespace NewsApi.Feeds;

public static class FeedsSetup
{
    /// <summary>The feeds' OpenAPI examples (the controller is found by MVC).</summary>
    public static void AddFeeds(this WebApplicationBuilder builder) =>
        builder.Services.ConfigureSwaggerGen(o => o.OperationFilter<FeedExamplesOperationFilter>());
}
