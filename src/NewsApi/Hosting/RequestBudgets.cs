namespace NewsApi.Hosting;

/// <summary>The concurrency budget a request draws from (see <see cref="RequestBudgets.Classify"/>).</summary>
public enum RequestBudget
{
    Health,
    Read,
    Search,
    Write,
}

public static class RequestBudgets
{
    /// <summary>
    /// Writes (POST, PUT, PATCH, DELETE, imports included) wait on the store's write lock; searches (the search
    /// routes, suggest, and any list filtered with <c>q</c>) can cost hundreds of milliseconds of CPU; everything else
    /// is a read that should take a millisecond. Health probes are never limited, so load cannot take the service out
    /// of rotation.
    /// </summary>
    public static RequestBudget Classify(HttpRequest request)
    {
        if (request.Path.StartsWithSegments("/health"))
        {
            return RequestBudget.Health;
        }

        var method = request.Method;
        if (HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method))
        {
            return RequestBudget.Write;
        }

        return request.Path.StartsWithSegments("/api/v1/search", StringComparison.OrdinalIgnoreCase) || request.Query.ContainsKey("q")
            ? RequestBudget.Search
            : RequestBudget.Read;
    }
}
